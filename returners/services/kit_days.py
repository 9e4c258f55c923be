"""Keeping-in-touch days: KIT days in maternity or adoption leave, SPLIT days in shared
parental leave, each refused past its statutory limit (docs/rules.md §7). A day is logged once
it has been worked, on a working day (§5); a mistaken one can be corrected or removed, each
change audited with what it was."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.core.workingdays import bank_holidays
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

WORKING_DAYS_ONLY = (
    "KIT and SPLIT days are working days: enter the date of the working day that was worked."
)


def kit_day_limits(absence: Absence) -> dict[str, int]:
    if absence.reason != AbsenceReason.PARENTAL:
        return {}
    return LIMITS.get(absence.parental_leave, {})


def _check_day(absence: Absence, *, kind: str, on: date, replacing: KeepInTouchDay | None = None):
    """The rules a day must meet, whether logged or corrected; `absence` is locked."""
    limit = kit_day_limits(absence).get(kind)
    if limit is None:
        raise ApplicationError(WHERE_ALLOWED.get(kind, "Select the kind of day."))
    last_day = absence.return_on - timedelta(days=1)
    if not absence.starts_on <= on <= last_day:
        raise ApplicationError(
            f"The date must be during the absence, between {absence.starts_on:%-d %B %Y} "
            f"and {last_day:%-d %B %Y}.",
            extra={"field": "on"},
        )
    if on > timezone.localdate():
        raise ApplicationError(
            f"{on:%-d %B %Y} is in the future. Log a day once it has been worked.",
            extra={"field": "on"},
        )
    if on.weekday() >= 5:
        raise ApplicationError(
            f"{on:%-d %B %Y} is a {on:%A}. {WORKING_DAYS_ONLY}",
            extra={"field": "on"},
        )
    holiday = bank_holidays(on.year).get(on)
    if holiday:
        raise ApplicationError(
            f"{on:%-d %B %Y} is a bank holiday ({holiday}). {WORKING_DAYS_ONLY}",
            extra={"field": "on"},
        )
    others = absence.kit_days.exclude(pk=replacing.pk) if replacing else absence.kit_days.all()
    if others.filter(on=on).exists():
        raise ApplicationError(
            f"A keeping-in-touch day is already logged for {on:%-d %B %Y}.", extra={"field": "on"}
        )
    if others.filter(kind=kind).count() >= limit:
        label = "KIT" if kind == KIT else "SPLIT"
        raise ApplicationError(
            f"All {limit} {label} days for this {absence.get_parental_leave_display().lower()} "
            f"have been used. No more than {limit} {label} days can be worked."
        )


def _locked_absence(absence_id) -> Absence:
    return Absence.objects.select_for_update().get(pk=absence_id)


@transaction.atomic
def kit_day_log(*, absence: Absence, actor, kind: str, on: date, note: str = "") -> KeepInTouchDay:
    """Log one KIT or SPLIT day. The absence row is locked while counting, so two people
    logging the last allowed day at the same moment cannot both succeed."""
    absence = _locked_absence(absence.pk)
    _check_day(absence, kind=kind, on=on)
    day = KeepInTouchDay.objects.create(
        absence=absence, kind=kind, on=on, note=note.strip(), logged_by=actor
    )
    audit_record(
        action="supportt.kit_day_log",
        actor=actor,
        obj=absence,
        detail={"kind": kind, "on": on.isoformat()},
    )
    return day


@transaction.atomic
def kit_day_update(
    *, day: KeepInTouchDay, actor, kind: str, on: date, note: str = ""
) -> KeepInTouchDay:
    """Correct a day logged by mistake (its date, kind or note), under the same rules as
    logging it; the audit keeps what it was."""
    absence = _locked_absence(day.absence_id)
    day = absence.kit_days.get(pk=day.pk)
    _check_day(absence, kind=kind, on=on, replacing=day)
    was = {"kind": day.kind, "on": day.on.isoformat()}
    day.kind, day.on, day.note = kind, on, note.strip()
    day.save(update_fields=["kind", "on", "note", "updated_at"])
    audit_record(
        action="supportt.kit_day_update",
        actor=actor,
        obj=absence,
        detail={"was": was, "now": {"kind": kind, "on": on.isoformat()}},
    )
    return day


@transaction.atomic
def kit_day_remove(*, day: KeepInTouchDay, actor) -> Absence:
    """Remove a day that was not worked; the audit keeps which day it was."""
    absence = _locked_absence(day.absence_id)
    day = absence.kit_days.filter(pk=day.pk).first()
    if day is None:
        raise ApplicationError("This day has already been removed.")
    audit_record(
        action="supportt.kit_day_remove",
        actor=actor,
        obj=absence,
        detail={"kind": day.kind, "on": day.on.isoformat()},
    )
    day.delete()
    return absence
