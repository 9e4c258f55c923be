"""Builders for SuppoRTT tests. Records are made through the real services, so tests see the
same rows the portal makes."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.accounts.models import Role, User
from returners.models import Absence, AbsenceReason, ParentalLeave
from returners.services import absence_create
from tests.factories import MembershipFactory, ProgrammeFactory, local_office, user_with_role
from trainees.models import ProgrammeMembership


@dataclass
class World:
    """Two North West programmes and one in Yorkshire, each trainee with their own people."""

    supervisor: User
    other_supervisor: User
    tpd: User
    other_tpd: User
    deanery: User
    other_deanery: User
    admin: User
    membership: ProgrammeMembership
    other_membership: ProgrammeMembership

    @property
    def trainee(self):
        return self.membership.trainee

    @property
    def other_trainee(self):
        return self.other_membership.trainee


def build_world(wte=Decimal("1.00")) -> World:
    north_west, yorkshire = local_office("HENW"), local_office("HEYHD")
    supervisor = user_with_role(Role.Kind.SUPERVISOR, first_name="Sam", last_name="Okafor")
    other_supervisor = user_with_role(Role.Kind.SUPERVISOR)
    tpd, other_tpd = user_with_role(Role.Kind.TPD), user_with_role(Role.Kind.TPD)
    membership = MembershipFactory(
        programme=ProgrammeFactory(local_office=north_west, tpds=[tpd]),
        educational_supervisor=supervisor,
        wte=wte,
    )
    other_membership = MembershipFactory(
        programme=ProgrammeFactory(local_office=yorkshire, tpds=[other_tpd]),
        educational_supervisor=other_supervisor,
    )
    return World(
        supervisor=supervisor,
        other_supervisor=other_supervisor,
        tpd=tpd,
        other_tpd=other_tpd,
        deanery=user_with_role(Role.Kind.DEANERY, north_west),
        other_deanery=user_with_role(Role.Kind.DEANERY, yorkshire),
        admin=user_with_role(Role.Kind.ADMIN),
        membership=membership,
        other_membership=other_membership,
    )


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
