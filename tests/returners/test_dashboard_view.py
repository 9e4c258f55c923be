"""The returners dashboard page: who may open it, what each line leads to, the filter form,
and a fixed number of queries whatever the number of trainees."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from returners.models import MeetingKind
from tests.factories import MembershipFactory
from tests.performance.conftest import assert_same_for_1_and_50, measure
from tests.returners.test_dashboard import _due, away
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
URL = reverse("returners:dashboard")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-01-04 09:00 +00:00", tick=False):
        yield


@pytest.mark.parametrize("who", ["trainee", "supervisor", "tpd"])
def test_the_people_around_a_trainee_do_not_get_the_dashboard(client, people, who):
    sign_in(client, getattr(people, who))
    assert client.get(URL).status_code == 404


def test_another_offices_reviewer_sees_only_their_own_office(client, people):
    away(people.membership, date(2026, 10, 1), date(2027, 2, 1))
    away(people.far_membership, date(2026, 10, 1), date(2027, 2, 1))
    sign_in(client, people.other_deanery)
    page = client.get(URL).content.decode()
    assert "Yusuf Khan" in page
    assert "Priya Shah" not in page


def test_each_line_leads_to_the_plan_or_to_the_absence_without_one(client, people):
    planned = away(people.membership, date(2026, 10, 1), date(2027, 2, 1))
    _due(planned, MeetingKind.PRE_RETURN, date(2026, 12, 1))
    unplanned = away(people.other_membership, date(2026, 10, 1), date(2027, 2, 1), plan=False)
    sign_in(client, people.deanery)
    page = client.get(URL).content.decode()
    # Away, due back and overdue for the first; away, due back and no plan for the second.
    assert page.count(f'href="{planned.get_absolute_url()}#plan"') == 3
    assert page.count(f'href="{unplanned.get_absolute_url()}"') == 3
    # The pre-absence meeting (due 4 weeks before the absence) is the one overdue longest.
    assert "Pre-absence meeting was due by 3 September 2026 (and 1 more)" in page
    assert "With no plan (1)" in page


def test_a_programme_not_on_the_list_is_an_error_not_everyone(client, people):
    away(people.membership, date(2026, 10, 1), date(2027, 2, 1))
    sign_in(client, people.deanery)
    response = client.get(URL, {"programme": people.far_programme.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Returners dashboard" in page
    assert "Select a programme from the list" in page
    assert "Priya Shah" not in page


def test_the_plan_list_leads_the_deanery_to_the_dashboard(client, people):
    sign_in(client, people.deanery)
    assert URL in client.get(reverse("returners:plan_list")).content.decode()
    sign_in(client, people.supervisor)
    assert URL not in client.get(reverse("returners:plan_list")).content.decode()


def _returners(people, count, start):
    """`count` trainees in every section: away, due back, a meeting overdue; and as many
    again with no plan."""
    made = []
    for index in range(start, start + count):
        membership = MembershipFactory(programme=people.programme)
        absence = away(membership, date(2026, 10, 1), date(2027, 2, 1) + timedelta(days=index))
        _due(absence, MeetingKind.PRE_RETURN, date(2026, 12, 1))
        made.append(absence)
        other = MembershipFactory(programme=people.other_programme)
        made.append(away(other, date(2026, 10, 1), date(2027, 3, 1), plan=False))
    return made


def test_the_dashboard_runs_the_same_queries_for_1_and_20_trainees(client, people):
    sign_in(client, people.deanery)
    _returners(people, 1, 0)
    one = measure(client, URL)
    rows = _returners(people, 19, 1)
    twenty = measure(client, URL)
    missing = [row for row in rows if row.get_absolute_url() not in twenty.text]
    assert not missing
    assert_same_for_1_and_50(one, twenty)
    # Filtering adds the check of the chosen programme, and nothing per trainee.
    filtered_one = measure(client, URL, programme=people.programme.pk)
    assert filtered_one.text.count("#plan") == 60
    assert filtered_one.count == one.count + 1
