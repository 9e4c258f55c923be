"""Keeping-in-touch days: KIT days in maternity or adoption leave, SPLIT days in shared
parental leave, each refused past its statutory limit."""

from datetime import date, timedelta

from django.db import transaction

from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from returners.models import Absence, AbsenceReason, KeepInTouchDay, ParentalLeave

KIT, SPLIT = KeepInTouchDay.Kind.KIT, KeepInTouchDay.Kind.SPLIT

# Days allowed per absence, by kind of parental leave. SPLIT days are per parent and come on
# top of KIT days when shared parental leave follows maternity or adoption leave.
LIMITS: dict[str, dict[str, int]] = {
    ParentalLeave.MATERNITY: {KIT: 10},
    ParentalLeave.ADOPTION: {KIT: 10},
    ParentalLeave.SHARED: {SPLIT: 20},
    ParentalLeave.MATERNITY_THEN_SHARED: {KIT: 10, SPLIT: 20},
}

WHERE_ALLOWED = {
    KIT: "KIT days can only be logged during maternity or adoption leave.",
    SPLIT: "SPLIT days can only be logged during shared parental leave.",
}


def kit_day_limits(absence: Absence) -> dict[str, int]:
    if absence.reason != AbsenceReason.PARENTAL:
        return {}
    return LIMITS.get(absence.parental_leave, {})


@transaction.atomic
def kit_day_log(*, absence: Absence, actor, kind: str, on: date, note: str = "") -> KeepInTouchDay:
    """Log one KIT or SPLIT day. The absence row is locked while counting, so two people
    logging the last allowed day at the same moment cannot both succeed."""
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    limit = kit_day_limits(absence).get(kind)
    if limit is None:
        raise ApplicationError(WHERE_ALLOWED.get(kind, "Select the kind of day."))
    last_day = absence.return_on - timedelta(days=1)
    if not absence.starts_on <= on <= last_day:
        raise ApplicationError(
            f"The date must be during the absence, between {absence.starts_on:%-d %B %Y} "
            f"and {last_day:%-d %B %Y}."
        )
    if absence.kit_days.filter(on=on).exists():
        raise ApplicationError(f"A keeping-in-touch day is already logged for {on:%-d %B %Y}.")
    used = absence.kit_days.filter(kind=kind).count()
    if used >= limit:
        label = "KIT" if kind == KIT else "SPLIT"
        raise ApplicationError(
            f"All {limit} {label} days for this {absence.get_parental_leave_display().lower()} "
            f"have been used. No more than {limit} {label} days can be worked."
        )
    day = KeepInTouchDay.objects.create(
        absence=absence, kind=kind, on=on, note=note.strip(), logged_by=actor
    )
    audit_record(action="supportt.kit_day_log", actor=actor, obj=absence, detail={"kind": kind})
    return day
