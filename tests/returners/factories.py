"""Builders for SuppoRTT tests. Records are made through the real services, so tests see the
same rows the portal makes."""

from datetime import date

from portal.accounts.models import User
from returners.models import Absence, AbsenceReason, ParentalLeave
from returners.services import absence_create
from tests.factories import MembershipFactory
from trainees.models import ProgrammeMembership


def supervisee(supervisor: User, **kwargs) -> ProgrammeMembership:
    return MembershipFactory(educational_supervisor=supervisor, **kwargs)


def log_absence(
    membership: ProgrammeMembership,
    *,
    starts_on: date,
    expected_return_on: date,
    reason: str = AbsenceReason.PARENTAL,
    parental_leave: str = ParentalLeave.MATERNITY,
    planned: bool = True,
    actor: User | None = None,
    **kwargs,
) -> Absence:
    return absence_create(
        trainee=membership.trainee,
        membership=membership,
        reason=reason,
        parental_leave=parental_leave if reason == AbsenceReason.PARENTAL else "",
        starts_on=starts_on,
        expected_return_on=expected_return_on,
        planned=planned,
        actor=actor or membership.educational_supervisor,
        **kwargs,
    )


def meetings_by_kind(absence: Absence) -> dict:
    return {meeting.kind: meeting for meeting in absence.plan.meetings.all()}
