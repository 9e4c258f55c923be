"""Every LTFT figure for the data set in conftest.py, worked out by hand (see its docstring).
The same tests run on SQLite and, with DATABASE_URL set, on PostgreSQL (the median differs)."""

import datetime as dt

import pytest

from portal.reports.filters import ReportFilters
from portal.reports.periods import Period, quarter_period
from requests_ltft.report import ltft

pytestmark = pytest.mark.django_db


def figures(report):
    """{key: (this period, a year earlier)} with the values as shown."""
    return {f.key: (f.current.value, f.previous.value) for t in report.tables for f in t.figures}


def breakdown(report, key):
    found = next(b for b in report.breakdowns if b.key == key)
    return {
        row.label: {col: tuple(c.value for c in pair) for col, pair in row.cells.items()}
        for row in found.rows
    }


def report_for(world, **kwargs):
    filters = ReportFilters(
        period=quarter_period("2025-Q1"), scope=kwargs.pop("scope", None), **kwargs
    )
    return ltft.compute(filters)


def test_every_ltft_figure_for_the_quarter_and_a_year_earlier(world):
    got = figures(report_for(world))
    expected = {
        # Received: A1 A2 A3 A4 A6 A9 A10 (A5 in March, A7 on 1 July UK time, A8 a draft).
        "received": (7, 3),
        # Approved: A1 A2 A5 A6 (A6 at 22:00 BST on 30 June is inside).
        "approved": (4, 1),
        "rejected": (1, 1),
        "withdrawn": (1, 1),
        "returned": (1, 0),
        # A5 returns to 100%.
        "full_time": (1, 0),
        # Short notice: A2, A3 of 7 received (P2 of 3). Exceptional: A2 of 7 (none of 3).
        "short_notice": (28.6, 33.3),
        "exceptional": (14.3, 0.0),
        # Decided A1 10, A2 30, A3 20, A5 15, A6 29.5 days → 20; P1 10, P2 4 → 7.
        "to_decision": (20.0, 7.0),
        # Last submission to TPD support: A1 4, A2 2 (resubmitted 20th, supported 22nd),
        # A3 2, A5 5, A6 1 → 2; P1 2, P2 1 → 1.5.
        "tpd_stage": (2.0, 1.5),
        # Support to decision: A1 6, A2 18, A3 18, A5 10, A6 28.5 → 18; P1 8, P2 3 → 5.5.
        "deanery_stage": (18.0, 5.5),
        # Approved patterns: A1 80%, A2 60%, A6 65% (bespoke); A5 is 100%. P1 80%.
        "wte_50": (0, 0),
        "wte_60": (1, 0),
        "wte_70": (0, 0),
        "wte_80": (1, 1),
        "wte_bespoke": (1, 0),
        # Reasons of received applications, one application counting under each of its reasons.
        "reason_CARING": (2, 2),
        "reason_DISABILITY": (1, 1),
        "reason_NON_MEDICAL": (1, 0),
        "reason_RELIGIOUS": (1, 0),
        "reason_TRAINING": (1, 0),
        "reason_UNIQUE": (1, 0),
        "reason_WELLBEING": (1, 1),
        "reason_OTHER": (1, 0),
    }
    assert got == expected


def test_breakdowns_by_office_specialty_and_grade(world):
    report = report_for(world)
    assert breakdown(report, "office") == {
        "North West": {
            "received": (5, 2),
            "approved": (3, 1),
            "rejected": (1, 0),
            "withdrawn": (0, 1),
            "returned": (1, 0),
        },
        "Yorkshire and the Humber": {
            "received": (2, 1),
            "approved": (1, 0),
            "rejected": (0, 1),
            "withdrawn": (1, 0),
            "returned": (0, 0),
        },
    }
    specialty = breakdown(report, "specialty")
    assert list(specialty) == ["Anaesthetics", "General Psychiatry", "Paediatrics"]
    assert specialty["Paediatrics"]["received"] == (4, 1)
    assert specialty["Anaesthetics"]["rejected"] == (1, 0)
    grade = breakdown(report, "grade")
    assert list(grade) == ["CT1", "ST3"]  # in training order, not alphabetical by chance
    assert grade["CT1"] == {
        "received": (1, 2),
        "approved": (1, 0),
        "rejected": (1, 1),
        "withdrawn": (0, 1),
        "returned": (0, 0),
    }
    assert grade["ST3"]["received"] == (6, 1)


def test_filters_narrow_every_figure(world):
    henw = figures(report_for(world, office=world.henw))
    assert henw["received"] == (5, 2)
    assert henw["approved"] == (3, 1)
    # Decided in North West: A1 10, A2 30, A3 20, A6 29.5 → (20 + 29.5) / 2.
    assert henw["to_decision"] == (24.8, 10.0)
    ct1 = figures(report_for(world, grade=world.ct1))
    assert (ct1["received"], ct1["approved"], ct1["rejected"]) == ((1, 2), (1, 0), (1, 1))
    anaes = figures(report_for(world, specialty=world.anaes.specialty))
    assert (anaes["received"], anaes["rejected"], anaes["withdrawn"]) == ((1, 1), (1, 0), (0, 1))
    psych = figures(report_for(world, programme=world.psych))
    assert (psych["received"], psych["full_time"]) == ((2, 1), (1, 0))


def test_a_deanery_scope_sees_only_its_own_office(world):
    yh = report_for(world, scope=(world.heyhd.pk,))
    got = figures(yh)
    assert got["received"] == (2, 1)
    assert got["approved"] == (1, 0)
    assert got["reason_CARING"] == (0, 0)
    assert list(breakdown(yh, "office")) == ["Yorkshire and the Humber"]


def test_a_custom_range_compares_with_the_same_dates_a_year_earlier(world):
    # 1 to 30 April 2025: received A1 A2 A10; approved A1 A5; returned A2.
    filters = ReportFilters(period=Period(dt.date(2025, 4, 1), dt.date(2025, 4, 30)), scope=None)
    got = figures(ltft.compute(filters))
    assert got["received"] == (3, 1)  # P1 on 2 April 2024
    assert got["approved"] == (2, 1)
    assert got["returned"] == (1, 0)
    # Decided in April 2025: A1 10, A5 15 → 12.5.
    assert got["to_decision"] == (12.5, 10.0)


def test_an_empty_period_shows_zeros_and_no_medians(world):
    filters = ReportFilters(period=quarter_period("2021-Q1"), scope=None)
    report = ltft.compute(filters)
    got = figures(report)
    assert got["received"] == (0, 0)
    assert got["short_notice"] == (None, None)
    assert got["to_decision"] == (None, None)
    assert all(not b.rows for b in report.breakdowns)
    assert str(report.figure("to_decision").current) == "–"


def test_the_section_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    filters = ReportFilters(period=quarter_period("2025-Q1"), scope=None, grade=world.st3)
    # The counts by office, specialty and grade, and the medians: 2, whatever the data.
    with django_assert_num_queries(2):
        ltft.compute(filters)
