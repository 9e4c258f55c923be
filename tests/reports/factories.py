"""Applications with a status history written at chosen moments, for the report tests."""

import datetime as dt

from requests_ltft.choices import Status
from requests_ltft.models import LtftStatusChange
from tests.requests_ltft.factories import LtftApplicationFactory

UTC = dt.UTC
TARGETS = {
    "submit": Status.SUBMITTED,
    "resubmit": Status.SUBMITTED,
    "tpd_support": Status.TPD_SUPPORTED,
    "return_for_changes": Status.UNSUBMITTED,
    "approve": Status.APPROVED,
    "reject": Status.REJECTED,
    "withdraw": Status.WITHDRAWN,
}


def at(year, month, day, hour=9, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def make_application(membership, *, history, **fields):
    """An application with its history written at the given moments."""
    status = TARGETS[history[-1][0]] if history else Status.DRAFT
    decided = next((when for name, when in history if name in ("approve", "reject")), None)
    submitted = max(
        (when for name, when in history if name in ("submit", "resubmit")), default=None
    )
    application = LtftApplicationFactory(
        membership=membership,
        status=status,
        submitted_at=submitted,
        decided_at=decided,
        **fields,
    )
    previous = Status.DRAFT
    for name, when in history:
        change = LtftStatusChange.objects.create(
            application=application,
            from_status=previous,
            to_status=TARGETS[name],
            transition=name,
            actor_role="SYSTEM",
            revision=1,
        )
        # created_at is set on insert; move it to the moment the test needs.
        LtftStatusChange.objects.filter(pk=change.pk).update(created_at=when)
        previous = TARGETS[name]
    return application


def make_oopp(membership, *, history, **fields):
    """An OOPP application with its history written at the given moments."""
    from requests_ltft.models import OoppStatusChange
    from tests.requests_ltft.factories import OoppApplicationFactory

    targets = {**TARGETS, "activate": Status.ACTIVE}
    status = fields.pop("status", targets[history[-1][0]] if history else Status.DRAFT)
    application = OoppApplicationFactory(
        membership=membership, status=status, confirmation=False, **fields
    )
    previous = Status.DRAFT
    for name, when in history:
        change = OoppStatusChange.objects.create(
            application=application,
            from_status=previous,
            to_status=targets[name],
            transition=name,
            actor_role="SYSTEM",
            revision=1,
        )
        OoppStatusChange.objects.filter(pk=change.pk).update(created_at=when)
        previous = targets[name]
    return application


def make_returner(
    membership,
    *,
    starts_on,
    expected,
    actual=None,
    reason="PARENTAL",
    plan=True,
    meetings=(),
    opened=None,
    **plan_fields,
):
    """An absence, its return plan (unless `plan=False`) and meetings given as
    (kind, opens_on, due_on, held_on or None). The plan was opened at `opened`, by default on
    the absence's first day (when the factory logs it)."""
    from returners.models import Absence, Meeting, ReturnPlan

    absence = Absence.objects.create(
        membership=membership,
        reason=reason,
        parental_leave="MATERNITY" if reason == "PARENTAL" else "",
        other_reason="Jury service" if reason == "OTHER" else "",
        starts_on=starts_on,
        expected_return_on=expected,
        actual_return_on=actual,
        planned=True,
        logged_on=starts_on,
        logged_by_system="test",
    )
    if not plan:
        return absence
    plan = ReturnPlan.objects.create(absence=absence, es_days=10, **plan_fields)
    opened = opened or at(starts_on.year, starts_on.month, starts_on.day)
    ReturnPlan.objects.filter(pk=plan.pk).update(created_at=opened)
    for kind, opens_on, due_on, held_on in meetings:
        Meeting.objects.create(
            plan=plan,
            kind=kind,
            opens_on=opens_on,
            due_on=due_on,
            status="LOGGED" if held_on else "PENDING",
            held_on=held_on,
            logged_by=membership.trainee.user if held_on else None,
        )
    return absence
