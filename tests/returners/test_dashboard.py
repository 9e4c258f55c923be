"""The deanery's returners dashboard: each section, its edges and order, the filters, and that
it shows a reviewer their own office's returners only."""

from datetime import date, timedelta

import pytest
import time_machine

from returners.models import Absence, AbsenceReason, Meeting, MeetingKind, ReturnPlan
from returners.selectors.dashboard import (
    DashboardFilters,
    away_now,
    due_back,
    meeting_overdue,
    no_plan,
    returners_dashboard,
)
from returners.services.plans import return_plan_create
from tests.factories import MembershipFactory, ProgrammeFactory
from trainees.models import Specialty

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 4)
# The same day 3 months on: the last day that counts as "the next 3 months".
IN_3_MONTHS = date(2027, 4, 4)
EVERYONE = DashboardFilters()


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-01-04 09:00 +00:00", tick=False):
        yield


def away(membership, starts_on, returns_on, *, plan=True, actual_return_on=None) -> Absence:
    """An absence written directly, so each test sets exactly the dates it is about (the
    services' own date rules have their tests)."""
    absence = Absence.objects.create(
        membership=membership,
        reason=AbsenceReason.SICKNESS,
        starts_on=starts_on,
        expected_return_on=returns_on,
        actual_return_on=actual_return_on,
        planned=True,
        logged_on=starts_on - timedelta(days=120),
        logged_by_system="tests",
    )
    if plan:
        return_plan_create(absence=absence)
    return absence


def in_office(people, **kwargs):
    return MembershipFactory(programme=people.programme, **kwargs)


def _ids(rows):
    return [absence.pk for absence in rows]


def test_away_now_is_begun_and_not_yet_back_the_soonest_return_first(people):
    later = away(people.membership, date(2026, 10, 1), date(2027, 6, 1))
    sooner = away(in_office(people), date(2026, 11, 1), date(2027, 2, 1))
    began_today = away(in_office(people), TODAY, date(2027, 9, 1))
    away(in_office(people), date(2026, 9, 1), TODAY)  # back today: no longer away
    away(in_office(people), TODAY + timedelta(days=1), date(2027, 9, 1))  # not begun
    away(in_office(people), date(2026, 9, 1), date(2027, 3, 1), actual_return_on=TODAY)
    rows = away_now(user=people.deanery, today=TODAY, filters=EVERYONE)
    assert _ids(rows) == [sooner.pk, later.pk, began_today.pk]


def test_due_back_runs_from_today_to_the_same_day_in_3_months(people):
    edge = away(people.membership, date(2026, 12, 1), IN_3_MONTHS)
    today = away(in_office(people), date(2026, 9, 1), TODAY)
    soon = away(in_office(people), date(2026, 9, 1), date(2027, 2, 1))
    away(in_office(people), date(2026, 12, 1), IN_3_MONTHS + timedelta(days=1))
    away(in_office(people), date(2026, 9, 1), TODAY - timedelta(days=1))
    # Already recorded as back, earlier than expected.
    away(in_office(people), date(2026, 9, 1), date(2027, 2, 1), actual_return_on=TODAY)
    rows = due_back(user=people.deanery, today=TODAY, filters=EVERYONE)
    assert _ids(rows) == [today.pk, soon.pk, edge.pk]


def _due(absence, kind, due_on):
    opens_on = due_on - timedelta(weeks=4)
    absence.plan.meetings.filter(kind=kind).update(opens_on=opens_on, due_on=due_on)


def test_meeting_overdue_is_a_meeting_not_held_by_its_due_date_longest_overdue_first(people):
    recent = away(people.membership, date(2027, 3, 1), date(2027, 9, 1))
    _due(recent, MeetingKind.PRE_ABSENCE, TODAY - timedelta(days=1))
    longest = away(in_office(people), date(2027, 3, 1), date(2027, 9, 1))
    _due(longest, MeetingKind.PRE_ABSENCE, date(2026, 11, 2))
    _due(longest, MeetingKind.PRE_RETURN, date(2026, 12, 1))
    due_today = away(in_office(people), date(2027, 3, 1), date(2027, 9, 1))
    _due(due_today, MeetingKind.PRE_ABSENCE, TODAY)
    closed = away(in_office(people), date(2027, 3, 1), date(2027, 9, 1))
    _due(closed, MeetingKind.PRE_ABSENCE, date(2026, 11, 2))
    ReturnPlan.objects.filter(pk=closed.plan.pk).update(
        status=ReturnPlan.Status.CLOSED, closed_at="2027-01-01T09:00Z"
    )
    rows = meeting_overdue(user=people.deanery, today=TODAY, filters=EVERYONE)
    assert _ids(rows) == [longest.pk, recent.pk]
    assert (rows[0].overdue_since, rows[0].overdue_count) == (date(2026, 11, 2), 2)
    assert rows[0].overdue_kind == MeetingKind.PRE_ABSENCE


def test_a_meeting_held_late_is_not_overdue(people):
    absence = away(people.membership, date(2027, 3, 1), date(2027, 9, 1))
    _due(absence, MeetingKind.PRE_ABSENCE, date(2026, 11, 2))
    Meeting.objects.filter(plan=absence.plan, kind=MeetingKind.PRE_ABSENCE).update(
        status=Meeting.Status.LOGGED, held_on=TODAY, logged_by=people.supervisor
    )
    assert not meeting_overdue(user=people.deanery, today=TODAY, filters=EVERYONE)


def test_no_plan_is_an_absence_of_3_months_or_more_without_one(people):
    exactly_3_months = away(people.membership, date(2026, 11, 30), date(2027, 2, 28), plan=False)
    away(in_office(people), date(2026, 12, 1), date(2027, 2, 28), plan=False)  # a day short
    away(in_office(people), date(2026, 11, 1), date(2027, 6, 1))  # has its plan
    away(in_office(people), date(2026, 6, 1), TODAY - timedelta(days=1), plan=False)  # over
    starts_later = away(in_office(people), date(2027, 2, 1), date(2027, 8, 1), plan=False)
    rows = no_plan(user=people.deanery, today=TODAY, filters=EVERYONE)
    assert _ids(rows) == [exactly_3_months.pk, starts_later.pk]


def test_filters_by_specialty_and_by_programme(people):
    anaesthetics = ProgrammeFactory(
        local_office=people.north_west, specialty=Specialty.objects.get(name="Anaesthetics")
    )
    paediatric = away(people.membership, date(2026, 10, 1), date(2027, 6, 1))
    other_programme = away(people.other_membership, date(2026, 10, 1), date(2027, 3, 1))
    anaesthetic = away(
        MembershipFactory(programme=anaesthetics), date(2026, 10, 1), date(2027, 4, 1)
    )
    by_specialty = DashboardFilters(specialty=anaesthetics.specialty)
    assert _ids(away_now(user=people.deanery, today=TODAY, filters=by_specialty)) == [
        anaesthetic.pk
    ]
    paediatrics = DashboardFilters(specialty=people.programme.specialty)
    assert _ids(away_now(user=people.deanery, today=TODAY, filters=paediatrics)) == [
        other_programme.pk,
        paediatric.pk,
    ]
    by_programme = DashboardFilters(programme=people.other_programme)
    for section in (away_now, due_back):
        assert _ids(section(user=people.deanery, today=TODAY, filters=by_programme)) == [
            other_programme.pk
        ]
    both = DashboardFilters(specialty=anaesthetics.specialty, programme=people.programme)
    assert not away_now(user=people.deanery, today=TODAY, filters=both)


def test_the_filters_apply_to_the_overdue_and_no_plan_sections(people):
    overdue = away(people.membership, date(2027, 3, 1), date(2027, 9, 1))
    _due(overdue, MeetingKind.PRE_ABSENCE, date(2026, 12, 1))
    missing = away(people.other_membership, date(2027, 2, 1), date(2027, 8, 1), plan=False)
    mine, theirs = (
        DashboardFilters(programme=people.programme),
        DashboardFilters(programme=people.other_programme),
    )
    assert _ids(meeting_overdue(user=people.deanery, today=TODAY, filters=mine)) == [overdue.pk]
    assert not meeting_overdue(user=people.deanery, today=TODAY, filters=theirs)
    assert _ids(no_plan(user=people.deanery, today=TODAY, filters=theirs)) == [missing.pk]
    assert not no_plan(user=people.deanery, today=TODAY, filters=mine)


def _everyone_on(dashboard):
    return {
        absence.pk
        for section in (
            dashboard.away_now,
            dashboard.due_back,
            dashboard.meeting_overdue,
            dashboard.no_plan,
        )
        for absence in section
    }


def test_a_reviewer_sees_their_own_office_and_an_admin_every_office(people):
    # Each of them in every section: away, due back, a meeting overdue; and one with no plan.
    near = away(people.membership, date(2026, 10, 1), date(2027, 2, 1))
    far = away(people.far_membership, date(2026, 10, 1), date(2027, 2, 1))
    for absence in (near, far):
        _due(absence, MeetingKind.PRE_RETURN, date(2026, 12, 1))
    near_unplanned = away(in_office(people), date(2026, 10, 1), date(2027, 2, 1), plan=False)
    far_unplanned = away(
        MembershipFactory(programme=people.far_programme),
        date(2026, 10, 1),
        date(2027, 2, 1),
        plan=False,
    )
    seen = {
        user: _everyone_on(returners_dashboard(user=user, today=TODAY, filters=EVERYONE))
        for user in (people.deanery, people.other_deanery, people.admin)
    }
    assert seen[people.deanery] == {near.pk, near_unplanned.pk}
    assert seen[people.other_deanery] == {far.pk, far_unplanned.pk}
    assert seen[people.admin] == {near.pk, near_unplanned.pk, far.pk, far_unplanned.pk}


def test_a_filter_naming_another_offices_programme_finds_nobody(people):
    away(people.far_membership, date(2026, 10, 1), date(2027, 2, 1))
    elsewhere = DashboardFilters(programme=people.far_programme)
    dashboard = returners_dashboard(user=people.deanery, today=TODAY, filters=elsewhere)
    assert not _everyone_on(dashboard)
