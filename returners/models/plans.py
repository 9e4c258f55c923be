"""Return plans, their enhanced supervision, and each local office's SuppoRTT timings."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from portal.core.models import BaseModel
from returners.models._common import _in
from returners.models.absences import Absence


class PlanStatus(models.TextChoices):
    OPEN = "OPEN", "Open"
    CLOSED = "CLOSED", "Closed"


class ReturnPlan(BaseModel):
    """The return-to-training plan of one absence, with its enhanced supervision."""

    Status = PlanStatus

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    absence = models.OneToOneField(Absence, on_delete=models.PROTECT, related_name="plan")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opted_in = models.BooleanField(
        default=False, help_text="A shorter absence whose trainee asked for a plan."
    )
    # Enhanced supervision: working days, already pro rata for an LTFT trainee.
    es_days = models.PositiveSmallIntegerField("enhanced supervision days")
    es_content = models.TextField("enhanced supervision content", blank=True)
    es_opted_out = models.BooleanField("opted out of enhanced supervision", default=False)
    es_opt_out_reason = models.TextField(blank=True)
    # The sum of the extensions below, kept here so the end date needs no extra query.
    es_extension_days = models.PositiveSmallIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=_in("status", PlanStatus), name="plan_status"),
            models.CheckConstraint(
                condition=Q(es_days__gte=1) & Q(es_days__lte=60), name="plan_es_days_range"
            ),
            models.CheckConstraint(
                condition=Q(es_opted_out=False) | ~Q(es_opt_out_reason=""),
                name="plan_es_opt_out_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(es_opted_out=False) | Q(es_extension_days=0),
                name="plan_es_no_extension_when_opted_out",
            ),
            models.CheckConstraint(
                condition=Q(status="OPEN", closed_at__isnull=True)
                | Q(status="CLOSED", closed_at__isnull=False),
                name="plan_closed_at_iff_closed",
            ),
        ]

    def __str__(self):
        return f"Return plan for {self.absence}"

    @property
    def es_total_days(self) -> int:
        return 0 if self.es_opted_out else self.es_days + self.es_extension_days


class EnhancedSupervisionExtension(BaseModel):
    """One recorded extension of enhanced supervision (append-only)."""

    plan = models.ForeignKey(ReturnPlan, on_delete=models.PROTECT, related_name="es_extensions")
    days = models.PositiveSmallIntegerField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1) & Q(days__lte=30), name="es_extension_days_range"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="es_extension_has_reason"),
        ]


class SupporttSettings(models.Model):
    """A local office's SuppoRTT timings. The defaults are the national suggestions
    (docs/rules.md §6 and §8)."""

    local_office = models.OneToOneField(
        "trainees.LocalOffice", on_delete=models.PROTECT, related_name="supportt_settings"
    )
    pre_absence_opens_weeks = models.PositiveSmallIntegerField(
        "pre-absence meeting: window opens (weeks before leaving)", default=12
    )
    pre_absence_due_weeks = models.PositiveSmallIntegerField(
        "pre-absence meeting: due (weeks before leaving)", default=4
    )
    unplanned_due_days = models.PositiveSmallIntegerField(
        "unplanned absence: pre-absence meeting due (days after it is logged)", default=14
    )
    pre_return_opens_weeks = models.PositiveSmallIntegerField(
        "pre-return meeting: window opens and reminder (weeks before return)", default=12
    )
    pre_return_due_weeks = models.PositiveSmallIntegerField(
        "pre-return meeting: due (weeks before return)", default=8
    )
    post_return_opens_weeks = models.PositiveSmallIntegerField(
        "post-return meeting: window opens (weeks after return)", default=2
    )
    post_return_due_weeks = models.PositiveSmallIntegerField(
        "post-return meeting: due (weeks after return)", default=4
    )
    es_days = models.PositiveSmallIntegerField(
        "enhanced supervision (working days, full time)", default=10
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "SuppoRTT settings"
        verbose_name_plural = "SuppoRTT settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(pre_absence_opens_weeks__gte=F("pre_absence_due_weeks")),
                name="supportt_pre_absence_window",
            ),
            models.CheckConstraint(
                condition=Q(pre_return_opens_weeks__gte=F("pre_return_due_weeks")),
                name="supportt_pre_return_window",
            ),
            models.CheckConstraint(
                condition=Q(post_return_due_weeks__gte=F("post_return_opens_weeks")),
                name="supportt_post_return_window",
            ),
            models.CheckConstraint(
                condition=Q(unplanned_due_days__gte=1), name="supportt_unplanned_days"
            ),
            models.CheckConstraint(
                condition=Q(es_days__gte=1) & Q(es_days__lte=30), name="supportt_es_days"
            ),
        ]

    def __str__(self):
        return f"SuppoRTT settings for {self.local_office}"
