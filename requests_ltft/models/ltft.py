"""The LTFT application: a change of working hours (docs/rules.md §2)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from portal.workflow.models import Snapshot, StatusChange
from requests_ltft.choices import OPEN_STATUSES, STANDARD_PERCENTS, Status
from requests_ltft.models.applications import ApplicationBase
from requests_ltft.transitions import LTFT_TRANSITIONS


class LtftApplication(ApplicationBase):
    """An application to change working hours (docs/rules.md §2)."""

    current_percent = models.PositiveSmallIntegerField()
    proposed_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    reason_other = models.CharField(max_length=200, blank=True)
    supporting_information = models.TextField(blank=True)
    # Whether the TPD may read a special-category reason (portal.accounts.privacy): no unless
    # the trainee says yes, changeable until they submit.
    reasons_shared_with_tpd = models.BooleanField(default=False)
    tpd_name = models.CharField(max_length=120, blank=True)
    tpd_email = models.EmailField(blank=True)
    other_discussions = models.JSONField(default=list, blank=True)
    skilled_worker_visa = models.BooleanField(null=True, blank=True)
    visa_override_reason = models.TextField(blank=True)

    TRANSITIONS = LTFT_TRANSITIONS

    class Meta:
        verbose_name = "LTFT application"
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "programme"],
                condition=Q(status__in=OPEN_STATUSES),
                name="ltft_one_open_per_programme",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="ltft_status_valid"),
            models.CheckConstraint(
                condition=Q(proposed_percent__isnull=True)
                | Q(proposed_percent__gte=20, proposed_percent__lte=100),
                name="ltft_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="ltft_end_after_start",
            ),
        ]
        indexes = [
            # The queues filter on programme and status and sort on the dates: with those
            # and the key inside, a page's keys come from the index alone.
            models.Index(
                fields=["programme", "status"],
                include=["start_date", "submitted_at", "id"],
                name="ltft_queue",
            ),
            models.Index(fields=["status", "submitted_at"], name="ltft_status_submitted"),
            models.Index(fields=["trainee", "created_at"], name="ltft_trainee"),
        ]

    def __str__(self):
        return f"LTFT application {str(self.pk)[:8]} ({self.get_status_display()})"

    @property
    def is_bespoke(self) -> bool:
        return self.proposed_percent is not None and self.proposed_percent not in STANDARD_PERCENTS

    @property
    def proposed_wte(self) -> Decimal | None:
        return None if self.proposed_percent is None else Decimal(self.proposed_percent) / 100

    @property
    def current_wte(self) -> Decimal:
        return Decimal(self.current_percent) / 100


class LtftStatusChange(StatusChange):
    application = models.ForeignKey(
        LtftApplication, on_delete=models.PROTECT, related_name="status_changes"
    )


class LtftSnapshot(Snapshot):
    application = models.ForeignKey(
        LtftApplication, on_delete=models.PROTECT, related_name="snapshots"
    )

    class Meta(Snapshot.Meta):
        constraints = [
            models.UniqueConstraint(fields=["application", "revision"], name="ltft_snapshot_rev")
        ]
