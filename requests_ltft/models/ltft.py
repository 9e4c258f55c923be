"""The LTFT application: a change of working hours (docs/rules.md §2)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from portal.workflow.models import Snapshot, StatusChange
from requests_ltft.choices import STANDARD_PERCENTS
from requests_ltft.models.applications import (
    ApplicationBase,
    application_constraints,
    application_indexes,
)
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
            *application_constraints("ltft"),
            models.CheckConstraint(
                condition=Q(proposed_percent__isnull=True)
                | Q(proposed_percent__gte=20, proposed_percent__lte=100),
                name="ltft_percent_range",
            ),
        ]
        indexes = application_indexes("ltft")

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
