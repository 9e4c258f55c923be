from django.conf import settings
from django.db import models

from portal.core.models import BaseModel


class WorkflowModel(BaseModel):
    """An application that moves through a transition table. `status` is only ever written by
    `portal.workflow.services.workflow_transition`."""

    status = models.CharField(max_length=20, db_index=True, editable=False)
    revision = models.PositiveSmallIntegerField(default=1, editable=False)

    TRANSITIONS = None  # a TransitionTable, set by each concrete model
    HISTORY_MODEL = None  # the concrete StatusChange model's name in the same app
    SNAPSHOT_MODEL = None

    class Meta:
        abstract = True

    def roles_of(self, user) -> set[str]:
        """The workflow roles `user` holds for this object ("OWNER", "TPD", ...)."""
        raise NotImplementedError

    def snapshot_data(self) -> dict:
        raise NotImplementedError


class StatusChange(models.Model):
    """One row per transition, append-only, written in the transition's transaction."""

    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    transition = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField(max_length=20)
    system_actor = models.CharField(max_length=60, blank=True)
    reason = models.TextField(blank=True)
    revision = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]


class Snapshot(models.Model):
    """The whole application as submitted at one revision, so approvers can see what changed."""

    revision = models.PositiveSmallIntegerField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["revision"]
