"""A plan's three meetings, the actions they agree and the addenda to signed-off records."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from portal.core.models import BaseModel
from portal.workflow.models import StatusChange, WorkflowModel
from returners.choices import NOT_HELD, MeetingStatus
from returners.models._common import _in
from returners.models.plans import ReturnPlan
from returners.permissions import workflow_roles
from returners.transitions import MEETING_TRANSITIONS


def _filled_unless(exempt: Q, *fields: str, name: str) -> models.CheckConstraint:
    """The `fields` are filled in every row the `exempt` condition does not cover."""
    return models.CheckConstraint(
        condition=exempt | Q(**{f"{field}__isnull": False for field in fields}), name=name
    )


# Each stage's fields are filled once a meeting has reached it: (constraint, the rows exempt,
# the fields).
STAGE_FIELDS = (
    ("meeting_recorded_has_date", Q(status__in=NOT_HELD), ("held_on", "logged_by")),
    ("meeting_scheduled_has_start", ~Q(status="SCHEDULED"), ("scheduled_start",)),
    (
        "meeting_signed_off_has_signer",
        Q(status__in=[*NOT_HELD, "LOGGED"]),
        ("signed_off_at", "signed_off_by"),
    ),
    ("meeting_acknowledged_has_time", ~Q(status="ACKNOWLEDGED"), ("acknowledged_at",)),
)


class MeetingKind(models.TextChoices):
    PRE_ABSENCE = "PRE_ABSENCE", "Pre-absence meeting"
    PRE_RETURN = "PRE_RETURN", "Pre-return meeting"
    POST_RETURN = "POST_RETURN", "Post-return meeting"


MEETING_ORDER = {kind: index for index, kind in enumerate(MeetingKind.values)}


class MeetingQuerySet(models.QuerySet):
    def not_held(self):
        return self.filter(status__in=NOT_HELD)


class Meeting(WorkflowModel):
    """One of a plan's three meetings: its due window, the schedule, and once held, the record
    the supervisor signs off and the trainee acknowledges. A signed-off record is never edited;
    corrections are addenda. `status` moves only through `MEETING_TRANSITIONS`, and each move
    leaves a `MeetingStatusChange` saying who made it and when."""

    Status = MeetingStatus
    TRANSITIONS = MEETING_TRANSITIONS

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ReturnPlan, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=12, choices=MeetingKind.choices)
    opens_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING, editable=False
    )

    scheduled_start = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    # RFC 5545 SEQUENCE: a rescheduled invite replaces the one already in people's calendars.
    invite_sequence = models.PositiveIntegerField(default=0)

    held_on = models.DateField(null=True, blank=True)
    content = models.JSONField(default=dict, blank=True)
    # Special category (occupational health and phased-return needs); see Absence.
    health_notes = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    trainee_comment = models.TextField(blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(condition=_in("kind", MeetingKind), name="meeting_kind"),
            models.CheckConstraint(condition=_in("status", MeetingStatus), name="meeting_status"),
            models.UniqueConstraint(fields=["plan", "kind"], name="meeting_one_per_kind"),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("opens_on")), name="meeting_due_not_before_open"
            ),
            *(_filled_unless(exempt, *fields, name=name) for name, exempt, fields in STAGE_FIELDS),
            models.CheckConstraint(
                condition=Q(scheduled_start__isnull=True, duration_minutes__isnull=True)
                | Q(scheduled_start__isnull=False, duration_minutes__isnull=False),
                name="meeting_schedule_complete",
            ),
        ]
        indexes = [
            # The reminder sweep asks for meetings not held yet, by due date.
            models.Index(fields=["due_on"], condition=Q(status__in=NOT_HELD), name="meeting_due"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("returners:meeting_detail", args=[self.pk])

    @property
    def order(self) -> int:
        return MEETING_ORDER[self.kind]

    def roles_of(self, user) -> set[str]:
        return workflow_roles(user, self.plan.absence)

    @property
    def is_held(self) -> bool:
        return self.status not in NOT_HELD

    @property
    def is_signed_off(self) -> bool:
        return self.status in (self.Status.SIGNED_OFF, self.Status.ACKNOWLEDGED)

    @property
    def scheduled_end(self):
        if self.scheduled_start is None:
            return None
        return self.scheduled_start + timedelta(minutes=self.duration_minutes)


class MeetingStatusChange(StatusChange):
    """Who scheduled, recorded, signed off or acknowledged a meeting, and when. Erased with the
    meeting when its absence reaches the end of its retention period."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="status_changes")


class ActionOwner(models.TextChoices):
    TRAINEE = "TRAINEE", "Trainee"
    SUPERVISOR = "SUPERVISOR", "Educational supervisor"
    TPD = "TPD", "Training programme director"
    ROTA = "ROTA", "Rota coordinator"
    LOCAL_OFFICE = "LOCAL_OFFICE", "Local office SuppoRTT team"
    OTHER = "OTHER", "Someone else"


class AgreedAction(BaseModel):
    Owner = ActionOwner

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.CharField(max_length=12, choices=Owner.choices)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=_in("owner", ActionOwner), name="action_owner"),
            models.CheckConstraint(condition=~Q(description=""), name="action_has_description"),
        ]

    def __str__(self):
        return f"{self.get_owner_display()}: {self.description}"


class MeetingAddendum(BaseModel):
    """A correction or addition to a signed-off record, kept beside it (append-only)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "meeting addenda"
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="addendum_has_text")]
