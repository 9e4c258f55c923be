"""A local office's SuppoRTT timings."""

from django.db import transaction

from portal.audit.services import audit_record
from returners.models import Meeting, ReturnPlan, SupporttSettings
from returners.services.plans import return_plan_recompute
from trainees.models import LocalOffice

TIMING_FIELDS = [
    "pre_absence_opens_weeks",
    "pre_absence_due_weeks",
    "unplanned_due_days",
    "pre_return_opens_weeks",
    "pre_return_due_weeks",
    "post_return_opens_weeks",
    "post_return_due_weeks",
    "es_days",
]


@transaction.atomic
def supportt_settings_update(*, office: LocalOffice, actor, **values: int) -> SupporttSettings:
    """Save the office's timings and move the windows of meetings not held yet in its open
    plans. Enhanced supervision already agreed for a plan keeps its length; the new default
    applies to plans created from now on."""
    unknown = set(values) - set(TIMING_FIELDS)
    if unknown:
        raise ValueError(f"Unknown SuppoRTT settings: {sorted(unknown)}")
    settings, _ = SupporttSettings.objects.select_for_update().get_or_create(local_office=office)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.updated_by = actor
    settings.save(update_fields=[*values, "updated_by", "updated_at"])
    plans = (
        ReturnPlan.objects.filter(
            status=ReturnPlan.Status.OPEN,
            absence__membership__programme__local_office=office,
            pk__in=Meeting.objects.not_held().values("plan"),
        )
        .select_related("absence")
        .order_by("pk")
    )
    for plan in plans.iterator(chunk_size=500):
        return_plan_recompute(plan=plan, timings=settings)
    audit_record(action="supportt.settings_update", actor=actor, obj=settings, detail=values)
    return settings
