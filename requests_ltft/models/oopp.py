"""The OOPP application: a pause in training for a post outside it (docs/rules.md §3)."""

from django.db import models
from django.db.models import F, Q

from portal.core.models import optional_person
from portal.workflow.models import Snapshot, StatusChange
from requests_ltft.models.applications import (
    ApplicationBase,
    application_constraints,
    application_indexes,
)
from requests_ltft.transitions import OOPP_TRANSITIONS


class SupervisorView(models.TextChoices):
    SUPPORT = "SUPPORT", "Supports the application"
    CONCERNS = "CONCERNS", "Has concerns"


class OoppApplication(ApplicationBase):
    """An application to step out of training for up to 12 months into a non-training post."""

    # The first day back in training; the pause (and the CCT extension) runs up to the day
    # before it.
    intended_return_date = models.DateField(null=True, blank=True)

    post_secured = models.BooleanField(default=False)
    post_title = models.CharField(max_length=160, blank=True)
    post_employer = models.CharField(max_length=160, blank=True)
    post_location = models.CharField(max_length=200, blank=True)
    post_supervisor_name = models.CharField(max_length=120, blank=True)
    post_supervisor_email = models.EmailField(blank=True)
    scope_of_practice = models.TextField(blank=True)
    capabilities_to_gain = models.TextField(blank=True)
    plan_for_return = models.TextField(blank=True)
    indemnity = models.TextField(blank=True)
    wellbeing_rationale = models.TextField(blank=True)

    # Flags for the reviewers, worked out at each submission.
    arcp_outcome_expected = models.BooleanField(default=False)
    little_training_left = models.BooleanField(default=False)

    # The educational supervisor's view: a record beside the workflow, not a state in it.
    es_view = models.CharField(max_length=10, choices=SupervisorView.choices, blank=True)
    es_comment = models.TextField(blank=True)
    es_recorded_by = optional_person()
    es_recorded_at = models.DateTimeField(null=True, blank=True)
    es_revision = models.PositiveSmallIntegerField(null=True, blank=True)

    # Once active: the absence (and its return plan), and how far the CCT date has been moved.
    absence = models.OneToOneField(
        "returners.Absence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oopp_application",
    )
    actual_return_date = models.DateField(null=True, blank=True)
    cct_days_added = models.IntegerField(null=True, blank=True)

    # The ARCP decision after the return: days of capabilities recognised, credited back.
    recognised_days = models.PositiveIntegerField(null=True, blank=True)
    cct_date_before_recognition = models.DateField(null=True, blank=True)
    cct_date_after_recognition = models.DateField(null=True, blank=True)
    recognition_recorded_by = optional_person()
    recognition_recorded_at = models.DateTimeField(null=True, blank=True)

    TRANSITIONS = OOPP_TRANSITIONS

    class Meta:
        verbose_name = "OOPP application"
        constraints = [
            *application_constraints("oopp"),
            models.CheckConstraint(
                condition=Q(intended_return_date__isnull=True)
                | Q(intended_return_date__gt=F("end_date")),
                name="oopp_return_after_end",
            ),
            models.CheckConstraint(
                condition=Q(actual_return_date__isnull=True)
                | Q(actual_return_date__gt=F("start_date")),
                name="oopp_actual_return_after_start",
            ),
            models.CheckConstraint(
                condition=Q(es_view__in=["", *SupervisorView.values]), name="oopp_es_view_valid"
            ),
        ]
        indexes = application_indexes("oopp")

    def __str__(self):
        return f"OOPP application {str(self.pk)[:8]} ({self.get_status_display()})"

    @property
    def return_date(self):
        """The first day back: the actual one once the deanery has recorded it."""
        return self.actual_return_date or self.intended_return_date


class OoppStatusChange(StatusChange):
    application = models.ForeignKey(
        OoppApplication, on_delete=models.PROTECT, related_name="status_changes"
    )


class OoppSnapshot(Snapshot):
    application = models.ForeignKey(
        OoppApplication, on_delete=models.PROTECT, related_name="snapshots"
    )

    class Meta(Snapshot.Meta):
        constraints = [
            models.UniqueConstraint(fields=["application", "revision"], name="oopp_snapshot_rev")
        ]
