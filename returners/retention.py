"""Retention of SuppoRTT records (portal.audit.retention, docs/rules.md §12): once the trainee
has left the programme for the period, the absence goes (with any sickness details), with its
return plan, the plan's meetings (with occupational health notes), agreed actions, addenda,
extensions and KIT days. An absence another record still points at (an OOPP application)
waits until that record has gone."""

from datetime import date

from django.db import transaction

from portal.audit.retention import (
    JOB,
    RetentionRule,
    kept_while_still_needed,
    register,
    years_before,
)
from portal.audit.services import audit_record
from portal.notifications.retention import forget_reminders
from returners.models import Absence, EnhancedSupervisionExtension, Meeting, MeetingAddendum


def expired_absences(*, today: date, years: int):
    cutoff = years_before(today, years)
    return Absence.objects.filter(
        membership__end_date__isnull=False, membership__end_date__lt=cutoff
    ).order_by("pk")


@kept_while_still_needed
@transaction.atomic
def remove_absence(absence, *, years: int) -> bool:
    """Delete one absence with its return plan, meetings and KIT days. False if it had gone,
    or must wait for another record that still points at it."""
    locked = Absence.objects.select_for_update().filter(pk=absence.pk).first()
    if locked is None:
        return False
    plan = getattr(locked, "plan", None)
    if plan is not None:
        meetings = list(Meeting.objects.filter(plan=plan))
        for meeting in meetings:
            forget_reminders(meeting)
        MeetingAddendum.objects.filter(meeting__in=meetings).delete()
        Meeting.objects.filter(pk__in=[m.pk for m in meetings]).delete()  # actions cascade
        EnhancedSupervisionExtension.objects.filter(plan=plan).delete()
        audit_record(
            action="retention.delete",
            system=JOB,
            obj=plan,
            detail={"record_type": "supportt_plan", "meetings": len(meetings)},
        )
        plan.delete()
    audit_record(
        action="retention.delete",
        system=JOB,
        obj=locked,
        detail={"record_type": "supportt_absence", "years": years},
    )
    locked.kit_days.all().delete()
    forget_reminders(locked)
    locked.delete()
    return True


register(
    RetentionRule("supportt_absence", order=30, expired=expired_absences, remove=remove_absence)
)
