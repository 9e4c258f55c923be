"""The returners' survey section of the report (returners/report_survey.py, docs/rules.md
§14): the figures once 5 answers exist for a quarter, nothing below 5."""

import datetime as dt

import pytest
from django.urls import reverse

from portal.reports.filters import ReportFilters
from portal.reports.periods import quarter_period
from returners import report_survey
from returners.models import Answer3, SurveyAnswer
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def _answer(office, quarter_start, **answers):
    return SurveyAnswer.objects.create(
        return_quarter_starts_on=quarter_start,
        local_office=office,
        specialty_group="Medicine",
        reason_group="SICKNESS",
        length_band="3_6",
        had_support=True,
        **answers,
    )


def _figures(**filters):
    report = report_survey.compute(
        ReportFilters(period=quarter_period("2025-Q1"), scope=None, **filters)
    )
    return {f.key: f for table in report.tables for f in table.figures}


def test_figures_show_from_five_answers_beside_a_hidden_year_before(people):
    office = people.membership.programme.local_office
    for confidence in (1, 2, 4, 5, 5):
        _answer(
            office,
            dt.date(2025, 4, 1),
            confidence_now=confidence,
            post_return_happened=Answer3.YES,
            post_return_useful=5,
        )
    for _ in range(4):
        _answer(office, dt.date(2024, 4, 1), confidence_now=5)
    figures = _figures()
    answered = figures["survey_answered"]
    assert (answered.current.value, answered.current.suppressed) == (5, False)
    assert answered.previous.suppressed and str(answered.previous) == "[c]"
    now = figures["confident_now"]
    assert (now.current.value, now.previous.suppressed) == (60.0, True)
    assert figures["post_return_useful"].current.value == 100.0


def test_below_five_answers_nothing_is_shown(people):
    office = people.membership.programme.local_office
    for _ in range(4):
        _answer(office, dt.date(2025, 5, 1), confidence_now=5)
    assert all(f.current.suppressed for f in _figures().values())


def test_a_programme_filter_shows_no_survey_figures(people):
    office = people.membership.programme.local_office
    for _ in range(6):
        _answer(office, dt.date(2025, 4, 1), confidence_now=5)
    figures = _figures(programme=people.membership.programme)
    assert all(f.current.suppressed for f in figures.values())


def test_written_answers_go_to_the_offices_reviewers_only_from_five_answers(client, people):
    office = people.membership.programme.local_office
    url = reverse("returners:survey_comments") + "?quarter=2025-Q1"
    for n in range(4):
        _answer(office, dt.date(2025, 4, 1), helped_most=f"My supervisor, {n}")
    sign_in(client, people.deanery)
    page = client.get(url).content.decode()
    assert "Fewer than 5 returners have answered" in page
    assert "My supervisor" not in page
    _answer(office, dt.date(2025, 4, 1), would_have_helped="More time")
    page = client.get(url).content.decode()
    assert "My supervisor, 3" in page and "More time" in page
    client.logout()
    sign_in(client, people.other_deanery)
    assert "My supervisor" not in client.get(url).content.decode()


def test_the_reviewers_plan_list_leads_to_what_returners_said(client, people):
    sign_in(client, people.deanery)
    page = client.get(reverse("returners:plan_list")).content.decode()
    assert reverse("returners:survey_comments") in page
    client.logout()
    sign_in(client, people.supervisor)
    page = client.get(reverse("returners:plan_list")).content.decode()
    assert reverse("returners:survey_comments") not in page
