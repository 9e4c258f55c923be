"""The report's figures and lists come from the cache (docs/adr/0006-caching.md), but never
stale ones: any write to what they count is shown on the next visit, and readers with
different offices or filters never share an entry."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Role
from portal.reports.freshness import FIGURES, report_data_version
from requests_ltft.services import ltft
from tests.factories import MembershipFactory, ProgrammeFactory, local_office, user_with_role
from tests.reports.factories import at, make_application
from tests.reports.test_reports_views import figure
from tests.requests_ltft.factories import LtftApplicationFactory
from tests.signing_in import sign_in

HOME = reverse("reports:home")
Q1 = {"quarter": "2025-Q1"}
# Transaction control is not a query of the page (ATOMIC_REQUESTS, savepoints inside a test).
NOT_QUERIES = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def visit(client, params=Q1):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(HOME, params)
    assert response.status_code == 200
    response.queries = [q["sql"] for q in captured if not q["sql"].startswith(NOT_QUERIES)]
    return response


def approved_in_may(programme, count=1):
    for _ in range(count):
        make_application(
            MembershipFactory(programme=programme),
            history=[("submit", at(2025, 5, 2)), ("approve", at(2025, 5, 9))],
        )


@pytest.mark.django_db
def test_a_second_visit_reads_the_same_figures_from_the_cache(client, world):
    sign_in(client, world.admin)
    first = visit(client)
    second = visit(client)
    assert len(second.queries) < len(first.queries)
    assert not any("ltftstatuschange" in sql for sql in second.queries)
    for key in ("received", "approved", "short_notice", "to_decision", "wte_bespoke"):
        assert figure(second, key) == figure(first, key)
    assert second.context["worked_out_at"] == first.context["worked_out_at"]
    html = second.content.decode()
    assert 'id="worked-out-at"' in html
    assert "Figures as at <time" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_a_change_saved_any_way_is_counted_on_the_next_visit(
    client, world, django_capture_on_commit_callbacks
):
    sign_in(client, world.admin)
    assert figure(visit(client), "approved") == ("4", "1")
    # Written straight to the models, as the admin or a shell would: the signals catch it.
    with django_capture_on_commit_callbacks(execute=True):
        approved_in_may(world.paeds)
    assert figure(visit(client), "approved") == ("5", "1")
    with django_capture_on_commit_callbacks(execute=True):
        world.apps["A1"].status_changes.get(transition="approve").delete()
    assert figure(visit(client), "approved") == ("4", "1")


@pytest.mark.django_db
def test_a_new_grade_on_a_membership_moves_the_figures(
    client, world, django_capture_on_commit_callbacks
):
    """The grade is the membership's today, so a membership change is a figures change."""
    sign_in(client, world.admin)
    before = figure(visit(client, {**Q1, "grade": world.ct1.pk}), "received")
    membership = world.apps["A1"].membership
    with django_capture_on_commit_callbacks(execute=True):
        membership.grade = world.ct1
        membership.save()
    after = figure(visit(client, {**Q1, "grade": world.ct1.pk}), "received")
    assert int(after[0]) == int(before[0]) + 1


@pytest.mark.django_db
def test_readers_of_different_offices_never_share_figures(client, world):
    sign_in(client, world.deanery)
    henw = visit(client)
    assert figure(henw, "received") == ("5", "2")
    sign_in(client, world.other_deanery)
    heyhd = visit(client)
    assert figure(heyhd, "received") == ("2", "1")
    html = heyhd.content.decode()
    assert "North West" not in html
    assert "NW Paediatrics" not in html
    # And the other way round, with both entries now cached.
    sign_in(client, world.deanery)
    assert figure(visit(client), "received") == ("5", "2")


@pytest.mark.django_db
def test_each_filter_has_its_own_entry(client, world):
    sign_in(client, world.admin)
    everyone = visit(client)
    assert figure(everyone, "received") == ("7", "3")
    assert figure(visit(client, {**Q1, "office": world.heyhd.pk}), "received") == ("2", "1")
    assert figure(visit(client, {**Q1, "grade": world.ct1.pk}), "received") == ("1", "2")
    assert figure(visit(client, {**Q1, "programme": world.anaes.pk}), "received") == ("1", "1")
    assert figure(visit(client, {"quarter": "2024-Q1"}), "received") == ("3", "0")
    assert figure(visit(client), "received") == ("7", "3")


@pytest.mark.django_db
def test_a_miss_runs_the_same_queries_for_1_and_50_rows_within_the_budget(
    client, django_capture_on_commit_callbacks
):
    admin = user_with_role(Role.Kind.ADMIN)
    programme = ProgrammeFactory(local_office=local_office("HENW"))
    sign_in(client, admin)
    visit(client)  # the lists and the session, as any later visit finds them

    with django_capture_on_commit_callbacks(execute=True):
        approved_in_may(programme)
    one = visit(client)
    with django_capture_on_commit_callbacks(execute=True):
        approved_in_may(programme, 49)
    fifty = visit(client)

    assert figure(one, "approved") == ("1", "0")
    assert figure(fifty, "approved") == ("50", "0")
    listing = "\n".join(sql[:120] for sql in fifty.queries)
    assert len(one.queries) == len(fifty.queries), listing
    assert len(fifty.queries) <= 15, listing
    # The figures were worked out again both times: a miss, not a hit.
    assert sum("ltftstatuschange" in sql for sql in fifty.queries) == 2


@pytest.mark.django_db
def test_a_miss_of_the_lists_too_stays_within_the_budget(
    client, world, django_capture_on_commit_callbacks
):
    """After a programme, office, specialty or grade changes, everything is read again: the
    lists, the office table and the figures."""
    sign_in(client, world.deanery)
    visit(client)
    with django_capture_on_commit_callbacks(execute=True):
        ProgrammeFactory(name="NW Cardiology", local_office=world.henw)
    response = visit(client)
    assert "NW Cardiology" in response.content.decode()
    listing = "\n".join(sql[:120] for sql in response.queries)
    assert sum('FROM "trainees_grade"' in sql for sql in response.queries) == 1, listing
    # 15 before the returners' survey section added its two.
    assert len(response.queries) <= 17, listing


@pytest.mark.django_db
def test_the_version_starts_somewhere_new_when_the_cache_loses_it():
    """Entries written before the number was evicted must not be read again under it."""
    before = report_data_version()
    cache.delete(FIGURES)
    assert report_data_version() != before


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_a_deanery_reviewer_sees_their_approval_counted_at_once(client):
    """Through the services and their real commits, as the reviewer would: approve, then open
    the report for today."""
    henw = local_office("HENW")
    tpd = user_with_role(Role.Kind.TPD)
    deanery = user_with_role(Role.Kind.DEANERY, henw)
    programme = ProgrammeFactory(local_office=henw, tpds=[tpd])
    application = LtftApplicationFactory(
        membership=MembershipFactory(programme=programme), proposed_percent=60
    )
    application = ltft.ltft_submit(application=application, actor=application.trainee.user)
    application = ltft.ltft_tpd_support(application=application, actor=tpd)

    sign_in(client, deanery)
    today = timezone.localdate()
    day = {"date_from_0": today.day, "date_from_1": today.month, "date_from_2": today.year}
    day |= {"date_to_0": today.day, "date_to_1": today.month, "date_to_2": today.year}
    assert figure(visit(client, day), "approved")[0] == "0"
    assert figure(visit(client, day), "approved")[0] == "0"  # now from the cache

    ltft.ltft_approve(application=application, actor=deanery)

    assert figure(visit(client, day), "approved")[0] == "1"
