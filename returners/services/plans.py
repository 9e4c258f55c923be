"""Return plans: creating one with its three meetings, keeping the meetings' windows in step
with the dates, and enhanced supervision."""

from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from returners.deadlines import meeting_windows
from returners.eligibility import enhanced_supervision_days_for
from returners.models import (
    Absence,
    EnhancedSupervisionExtension,
    Meeting,
    MeetingKind,
    ReturnPlan,
)
from returners.selectors import supportt_settings_get
from trainees.working_pattern import wte_on


def _windows(absence: Absence, plan: ReturnPlan, timings) -> dict:
    return meeting_windows(
        starts_on=absence.starts_on,
        return_on=absence.return_on,
        planned=absence.planned,
        logged_on=absence.logged_on,
        enhanced_supervision_days=plan.es_total_days,
        timings=timings,
    )


def _timings(absence: Absence):
    return supportt_settings_get(office=absence.membership.programme.local_office)


@transaction.atomic
def return_plan_create(*, absence: Absence, opted_in: bool = False) -> ReturnPlan:
    """A plan for `absence` with its three meetings due on the office's timings. Enhanced
    supervision starts at the office's full-time length, pro rata for the trainee's WTE."""
    timings = _timings(absence)
    plan = ReturnPlan.objects.create(
        absence=absence,
        opted_in=opted_in,
        # Pro rata for the hours worked on return, approved changes included (§8).
        es_days=enhanced_supervision_days_for(
            wte_on(absence.membership, absence.expected_return_on), timings.es_days
        ),
    )
    windows = _windows(absence, plan, timings)
    Meeting.objects.bulk_create(
        Meeting(plan=plan, kind=kind, opens_on=windows[kind].opens_on, due_on=windows[kind].due_on)
        for kind in MeetingKind.values
    )
    return plan


@transaction.atomic
def return_plan_recompute(*, plan: ReturnPlan, timings=None) -> list[Meeting]:
    """Move the windows of the meetings not held yet after the dates, enhanced supervision or
    the office's timings change. A meeting already held keeps the window it was held against,
    so "held on time" stays true to what was asked at the time."""
    absence = plan.absence
    windows = _windows(absence, plan, timings or _timings(absence))
    changed = []
    for meeting in plan.meetings.not_held():
        window = windows[meeting.kind]
        if (meeting.opens_on, meeting.due_on) != (window.opens_on, window.due_on):
            meeting.opens_on, meeting.due_on = window.opens_on, window.due_on
            meeting.updated_at = timezone.now()  # bulk_update skips auto_now
            changed.append(meeting)
    Meeting.objects.bulk_update(changed, ["opens_on", "due_on", "updated_at"])
    return changed


@transaction.atomic
def return_plan_opt_in(*, absence: Absence, actor) -> ReturnPlan:
    """A plan for an absence shorter than 3 months, at the trainee's request. Asking twice
    returns the plan already made."""
    absence = (
        Absence.objects.select_for_update(of=("self",))
        .select_related("membership__programme")
        .get(pk=absence.pk)
    )
    existing = ReturnPlan.objects.filter(absence=absence).first()
    if existing is not None:
        return existing
    plan = return_plan_create(absence=absence, opted_in=True)
    audit_record(action="supportt.plan_opt_in", actor=actor, obj=plan)
    return plan


def _locked_plan(plan: ReturnPlan) -> ReturnPlan:
    return (
        ReturnPlan.objects.select_for_update(of=("self",))
        .select_related("absence__membership__programme")
        .get(pk=plan.pk)
    )


@transaction.atomic
def enhanced_supervision_extend(
    *, plan: ReturnPlan, actor, days: int, reason: str
) -> EnhancedSupervisionExtension:
    """Record an extension (kept as its own row) and move the post-return window with it."""
    plan = _locked_plan(plan)
    if plan.status == ReturnPlan.Status.CLOSED:
        raise ApplicationError("This return plan is closed, so enhanced supervision cannot change.")
    if plan.es_opted_out:
        raise ApplicationError(
            "The trainee opted out of enhanced supervision, so it cannot be extended."
        )
    if not reason.strip():
        raise ApplicationError("Enter the reason for extending enhanced supervision.")
    extension = EnhancedSupervisionExtension.objects.create(
        plan=plan, days=days, reason=reason.strip(), recorded_by=actor
    )
    plan.es_extension_days += days
    plan.save(update_fields=["es_extension_days", "updated_at"])
    return_plan_recompute(plan=plan)
    audit_record(action="supportt.es_extend", actor=actor, obj=plan, detail={"days": days})
    return extension


def enhanced_supervision_set(
    *, plan: ReturnPlan, days: int | None, opted_out: bool, opt_out_reason: str, content: str
) -> ReturnPlan:
    """Apply what the signed-off pre-return meeting agreed. Called inside the sign-off's
    transaction, with the plan already locked."""
    if opted_out and plan.es_extension_days:
        raise ApplicationError(
            "Enhanced supervision has already been extended, so the trainee cannot opt out now."
        )
    plan.es_opted_out = opted_out
    plan.es_opt_out_reason = opt_out_reason.strip() if opted_out else ""
    plan.es_content = "" if opted_out else content
    if days and not opted_out:
        plan.es_days = days
    plan.save(
        update_fields=["es_opted_out", "es_opt_out_reason", "es_content", "es_days", "updated_at"]
    )
    return plan


def return_plan_close(*, plan: ReturnPlan) -> ReturnPlan:
    """Close the plan once its last meeting is signed off (inside that transaction)."""
    if plan.status != ReturnPlan.Status.CLOSED:
        plan.status = ReturnPlan.Status.CLOSED
        plan.closed_at = timezone.now()
        plan.save(update_fields=["status", "closed_at", "updated_at"])
    return plan
