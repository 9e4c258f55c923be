"""Scoped reads: the plan list's order and counts, and the reminder sweep's query."""

from datetime import date

import pytest
import time_machine

from returners.models import AbsenceReason, MeetingKind
from returners.selectors import meetings_due_between, overdue_counts, plan_list
from tests.returners.factories import log_absence, supervisee

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-01-04 09:00 +00:00", tick=False):
        yield


def test_plans_come_most_urgent_first_and_only_in_scope(people):
    later = log_absence(
        people.membership, starts_on=date(2027, 6, 1), expected_return_on=date(2027, 12, 1)
    )
    sooner = log_absence(
        supervisee(people.supervisor, programme=people.membership.programme),
        reason=AbsenceReason.OOPE,
        starts_on=date(2027, 1, 18),
        expected_return_on=date(2027, 7, 18),
    )
    log_absence(
        people.far_membership,
        starts_on=date(2027, 2, 1),
        expected_return_on=date(2027, 8, 1),
        actor=people.far_supervisor,
    )
    for user in (people.supervisor, people.tpd, people.deanery):
        assert [plan.absence for plan in plan_list(user=user)] == [sooner, later]
    assert len(plan_list(user=people.admin)) == 3
    assert list(plan_list(user=people.trainee)) == [later.plan]


def test_overdue_counts_for_a_home_page_badge(people):
    with time_machine.travel("2026-09-01 09:00 +00:00", tick=False):
        # Pre-absence due 3 November 2026, never held: overdue by January.
        log_absence(
            people.membership, starts_on=date(2026, 12, 1), expected_return_on=date(2027, 6, 1)
        )
    log_absence(
        supervisee(people.supervisor, programme=people.membership.programme),
        starts_on=date(2027, 6, 1),
        expected_return_on=date(2027, 12, 1),
    )
    counts = overdue_counts(user=people.deanery, today=date(2027, 1, 4))
    assert counts == {"open": 2, "overdue": 1, "next_due": date(2026, 11, 3)}
    assert overdue_counts(user=people.other_deanery, today=date(2027, 1, 4))["open"] == 0


def test_the_reminder_sweep_finds_meetings_due_in_a_range(people):
    absence = log_absence(
        people.membership, starts_on=date(2027, 2, 25), expected_return_on=date(2027, 8, 25)
    )
    due = meetings_due_between(start=date(2027, 6, 1), end=date(2027, 6, 30))
    assert [(m.plan.absence, m.kind) for m in due] == [(absence, MeetingKind.PRE_RETURN)]
