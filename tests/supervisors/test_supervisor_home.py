"""The supervisor's home page: supervisees with plans, most urgent first, in constant queries."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.accounts.models import Role
from returners.models import AbsenceReason
from tests.factories import user_with_role
from tests.returners.factories import log_absence, supervisee
from tests.signing_in import sign_in

pytestmark = [pytest.mark.django_db]

HOME = reverse("supervisors:home")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-01-04 09:00 +00:00", tick=False):
        yield


def supervisees_with_plans(supervisor, count):
    for index in range(count):
        membership = supervisee(supervisor)
        if index % 5 != 4:  # most have a plan; some have none
            start = date(2027, 2, 1) + timedelta(days=7 * index)
            log_absence(membership, starts_on=start, expected_return_on=start + timedelta(days=200))


def queries_for_home(client, supervisor):
    sign_in(client, supervisor)
    client.get(HOME)  # warm the session so both measured requests do the same work
    with CaptureQueriesContext(connection) as captured:
        response = client.get(HOME)
    assert response.status_code == 200
    # Session, user, roles, deputy check, the page's three, the session save: within budget.
    assert len(statements(captured)) <= 10
    return len(captured), response


def statements(captured) -> list[str]:
    """The SQL that reads or writes rows; savepoints from ATOMIC_REQUESTS are not queries."""
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_the_home_page_uses_the_same_queries_for_1_and_50_supervisees(client):
    one, many = user_with_role(Role.Kind.SUPERVISOR), user_with_role(Role.Kind.SUPERVISOR)
    supervisees_with_plans(one, 1)
    supervisees_with_plans(many, 50)
    count_one, _ = queries_for_home(client, one)
    count_many, response = queries_for_home(client, many)
    assert response.text.count('class="nhsuk-table__row"') == 51  # header + 50
    assert count_one == count_many


def test_the_most_urgent_supervisee_comes_first(client):
    supervisor = user_with_role(Role.Kind.SUPERVISOR)
    none = supervisee(supervisor)
    later = supervisee(supervisor)
    overdue = supervisee(supervisor)
    log_absence(later, starts_on=date(2027, 6, 1), expected_return_on=date(2027, 12, 1))
    # Logged today for an absence starting in 2 weeks: too late for the planned window, so the
    # pre-absence meeting is due within 14 days, sooner than anything else.
    log_absence(
        overdue,
        reason=AbsenceReason.OOPE,
        starts_on=date(2027, 1, 18),
        expected_return_on=date(2027, 7, 18),
        planned=True,
    )
    sign_in(client, supervisor)
    page = client.get(HOME).text
    names = [m.trainee.user.get_full_name() for m in (overdue, later, none)]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)


def test_an_overdue_meeting_is_flagged(client):
    supervisor = user_with_role(Role.Kind.SUPERVISOR)
    membership = supervisee(supervisor)
    with time_machine.travel("2026-09-01 09:00 +00:00", tick=False):
        log_absence(membership, starts_on=date(2026, 12, 1), expected_return_on=date(2027, 6, 1))
    sign_in(client, supervisor)
    page = client.get(HOME).text
    assert "Overdue" in page and "Was due by 3 November 2026" in page


def test_only_the_supervisors_own_supervisees_appear(client):
    supervisor, other = user_with_role(Role.Kind.SUPERVISOR), user_with_role(Role.Kind.SUPERVISOR)
    mine, theirs = supervisee(supervisor), supervisee(other)
    sign_in(client, supervisor)
    page = client.get(HOME).text
    assert mine.trainee.user.get_full_name() in page
    assert theirs.trainee.user.get_full_name() not in page


def test_the_plan_list_uses_the_same_queries_for_1_and_50_plans(client):
    from tests.factories import local_office

    deanery_one = user_with_role(Role.Kind.DEANERY, local_office("HENW"))
    url = reverse("returners:plan_list")
    supervisor = user_with_role(Role.Kind.SUPERVISOR)
    supervisees_with_plans(supervisor, 1)
    sign_in(client, deanery_one)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    supervisees_with_plans(supervisor, 62)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "Next" in response.text  # 50 rows on the first page, then pagination
    assert len(one) == len(many)
