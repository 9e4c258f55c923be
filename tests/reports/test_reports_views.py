"""The report page: who may see it, what each reader sees, form errors, and a query count that
does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.accounts.models import Role
from tests.factories import MembershipFactory, user_with_role
from tests.reports.factories import at, make_application
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
HOME = reverse("reports:home")


def figure(response, key) -> tuple[str, str]:
    """The two figures of one row of the page, as shown."""
    html = response.content.decode()
    start = html.index(f'data-figure="{key}"')
    cells = html[start:].split("</tr>")[0].split('nhsuk-table__cell--numeric">')[1:3]
    return tuple(c.split("<")[0] for c in cells)


def test_an_admin_sees_every_figure_with_charts_and_tables(client, world):
    sign_in(client, world.admin)
    response = client.get(HOME, {"quarter": "2025-Q1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert figure(response, "received") == ("7", "3")
    assert figure(response, "short_notice") == ("28.6%", "33.3%")
    assert figure(response, "to_decision") == ("20", "7")
    assert figure(response, "wte_bespoke") == ("1", "0")
    # Each chart is an SVG image with a name, next to the table with its figures.
    assert html.count('<title id="chart-ltft-') == 4
    assert 'aria-labelledby="chart-ltft-applications-title chart-ltft-applications-desc"' in html
    assert "Bar chart, Less than full time (LTFT) training: applications" in html
    assert "Yorkshire and the Humber" in html  # the office breakdown
    assert 'name="office"' in html


def test_the_default_is_the_last_complete_quarter(client, world):
    sign_in(client, world.admin)
    response = client.get(HOME)
    assert response.status_code == 200
    assert (
        response.context["filters"].period.quarter
        == response.context["form"].fields["quarter"].initial
    )


def test_a_deanery_reviewer_sees_their_own_office_only(client, world):
    sign_in(client, world.other_deanery)
    response = client.get(HOME, {"quarter": "2025-Q1"})
    assert response.status_code == 200
    assert figure(response, "received") == ("2", "1")
    html = response.content.decode()
    assert "North West" not in html
    assert "NW Paediatrics" not in html  # not even as a programme to choose
    assert 'name="office"' not in html  # the local office filter is for admins


def test_a_deanery_reviewer_cannot_reach_another_offices_programme(client, world):
    sign_in(client, world.other_deanery)
    response = client.get(HOME, {"quarter": "2025-Q1", "programme": world.paeds.pk})
    assert response.status_code == 200
    assert b"Select a programme from the list" in response.content
    assert b"<title>Error: " in response.content
    assert "reports" not in response.context or not response.context.get("sections")
    export = client.post(
        reverse("reports:export") + f"?quarter=2025-Q1&programme={world.paeds.pk}",
        {"export": "rows:ltft:csv"},
    )
    assert export.status_code == 200
    assert b"Select a programme from the list" in export.content
    assert not export.has_header("Content-Disposition")


def test_an_admin_of_one_office_can_filter_only_within_it(client, world):
    sign_in(client, world.henw_admin)
    response = client.get(HOME, {"quarter": "2025-Q1"})
    assert figure(response, "received") == ("5", "2")
    refused = client.get(HOME, {"quarter": "2025-Q1", "office": world.heyhd.pk})
    assert b"Select a local office from the list" in refused.content


@pytest.mark.parametrize("kind", [Role.Kind.TPD, Role.Kind.SUPERVISOR, Role.Kind.TRAINEE])
def test_anyone_else_gets_not_found(client, world, kind):
    sign_in(client, user_with_role(kind))
    assert client.get(HOME).status_code == 404
    assert client.post(reverse("reports:export"), {"export": "summary:csv"}).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"date_from_0": "1", "date_from_1": "4", "date_from_2": "2025"},
            "Enter the last day of the custom range",
        ),
        (
            {
                "date_from_0": "1",
                "date_from_1": "5",
                "date_from_2": "2025",
                "date_to_0": "1",
                "date_to_1": "4",
                "date_to_2": "2025",
            },
            "The last day must be the same as or after the first",
        ),
        (
            {
                "date_from_0": "1",
                "date_from_1": "1",
                "date_from_2": "2020",
                "date_to_0": "1",
                "date_to_1": "4",
                "date_to_2": "2025",
            },
            "Choose a custom range of 2 years or less",
        ),
        (
            {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2025"},
            "First day of the custom range must be a real date",
        ),
        ({"quarter": "2031-Q9"}, "Select a quarter from the list"),
    ],
)
def test_filter_errors_say_what_to_do(client, world, params, message):
    sign_in(client, world.admin)
    response = client.get(HOME, {"quarter": "2025-Q1", **params})
    assert response.status_code == 200
    assert message.encode() in response.content
    assert b"There is a problem" in response.content
    assert response.content.count(b"<title>Error: ") == 1


def test_a_custom_range_is_reported(client, world):
    sign_in(client, world.admin)
    response = client.get(
        HOME,
        {
            "date_from_0": "1",
            "date_from_1": "4",
            "date_from_2": "2025",
            "date_to_0": "30",
            "date_to_1": "4",
            "date_to_2": "2025",
            "quarter": "2025-Q1",
        },
    )
    assert figure(response, "received") == ("3", "1")
    assert b"1 April 2025 to 30 April 2025" in response.content


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME, {"quarter": "2025-Q1", "grade": ""})
    assert response.status_code == 200
    # The request's transaction adds savepoints in tests; they are not queries of the page.
    return sum(1 for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE")))


# User, two-factor device, roles (the deputy check rides on the same query), the header's
# unread count (4); the reader's downloads and the office table's counts (2); and each section's
# own fixed count. The form's lists are cached and did not change, and the session was saved
# by the first visit.
def test_the_page_query_count_does_not_grow_with_the_data(
    client, world, django_capture_on_commit_callbacks
):
    def add(count):
        # Committed, so the next visit works the figures out again rather than reading them
        # from the cache.
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(count):
                make_application(
                    MembershipFactory(programme=world.psych, grade=world.ct1),
                    reasons=["CARING", "OTHER"],
                    history=[
                        ("submit", at(2025, 5, 2)),
                        ("tpd_support", at(2025, 5, 3)),
                        ("approve", at(2025, 5, 9)),
                    ],
                )

    sign_in(client, world.admin)
    _count_queries(client)
    add(1)
    before = _count_queries(client)
    add(15)
    after = _count_queries(client)
    assert after == before
    from portal.reports.sections import available_sections

    fixed = {"ltft": 2, "oopp": 2, "supportt": 2, "supportt_survey": 2}
    assert before == 6 + sum(fixed[s.key] for s in available_sections())


def test_a_filter_alone_in_the_address_is_applied(client, world):
    sign_in(client, world.admin)
    response = client.get(HOME, {"grade": world.ct1.pk})
    assert response.context["filters"].grade == world.ct1
