"""The OOPP application (docs/rules.md §3). Imported at the end of `requests_ltft.models`, so these
models belong to the `requests_ltft` app and share its migrations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from portal.workflow.models import Snapshot, StatusChange
from requests_ltft.choices import OPEN_STATUSES, Status
from requests_ltft.models import ApplicationBase
from requests_ltft.transitions import OOPP_TRANSITIONS


class SupervisorView(models.TextChoices):
    SUPPORT = "SUPPORT", "Supports the application"
    CONCERNS = "CONCERNS", "Has concerns"


class OoppApplication(ApplicationBase):
    """An application to step out of training for up to 12 months into a non-training post."""

    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    # The first day back in training; the pause (and the CCT extension) runs up to the day
    # before it.
    intended_return_date = models.DateField(null=True, blank=True)
    alternative_start_date = models.DateField(null=True, blank=True)
    exceptional_reason = models.CharField(max_length=30, blank=True)
    exceptional_explanation = models.TextField(blank=True)

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
    declarations_confirmed_at = models.DateTimeField(null=True, blank=True)

    # Flags for the reviewers, worked out at each submission.
    arcp_outcome_expected = models.BooleanField(default=False)
    little_training_left = models.BooleanField(default=False)

    # The educational supervisor's view: a record beside the workflow, not a state in it.
    es_view = models.CharField(max_length=10, choices=SupervisorView.choices, blank=True)
    es_comment = models.TextField(blank=True)
    es_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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
    recognition_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recognition_recorded_at = models.DateTimeField(null=True, blank=True)

    TRANSITIONS = OOPP_TRANSITIONS

    class Meta:
        verbose_name = "OOPP application"
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "programme"],
                condition=Q(status__in=OPEN_STATUSES),
                name="oopp_one_open_per_programme",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="oopp_status_valid"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="oopp_end_after_start",
            ),
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
        indexes = [
            # The queues filter on programme and status and sort on the dates: with those
            # and the key inside, a page's keys come from the index alone.
            models.Index(
                fields=["programme", "status"],
                include=["start_date", "submitted_at", "id"],
                name="oopp_queue",
            ),
            models.Index(fields=["status", "submitted_at"], name="oopp_status_submitted"),
            models.Index(fields=["trainee", "created_at"], name="oopp_trainee"),
        ]

    def __str__(self):
        return f"OOPP application {str(self.pk)[:8]} ({self.get_status_display()})"

    @property
    def return_date(self):
        """The first day back: the actual one once the deanery has recorded it."""
        return self.actual_return_date or self.intended_return_date

    def snapshot_data(self) -> dict:
        from requests_ltft.oopp.presenters import oopp_answers

        return {row.key: row.value for row in oopp_answers(self)}


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
