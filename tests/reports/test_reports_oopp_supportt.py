"""The OOPP and SuppoRTT sections, every figure worked out by hand.

OOPP, Q1 2025 to 2026 (and Q1 2024 to 2025):
  O1 HENW  submitted 2 Apr, approved 10 Apr; starts September
  O2 HENW  started 6 Jan 2025, back 2 June 2025 (147 days); 60 days recognised on 20 June
  O3 HEYHD started 1 May 2025 (history 'activate'), still away on 30 June
  O4 HENW  submitted 10 May, withdrawn 12 May
  O5 HEYHD submitted 1 June, rejected 20 June
  Q1 HENW  submitted 5 Apr 2024, approved 20 Apr, started 1 May 2024, back 1 Nov 2024
  Q2 HEYHD started 1 Sep 2023, back 10 June 2024 (283 days); 30 days recognised 25 June 2024

SuppoRTT returners (return plan, and the return recorded in the period); each plan opened on
the absence's first day unless said:
  S1 HENW  maternity 1 Oct 2024 → back 7 Apr 2025 (6–12 months); post-return meeting due 5 May,
           held 1 May (on time)
  S2 HENW  sickness 15 Jan → back 20 May (3–6 months), opted out of enhanced supervision;
           pre-return due 3 Apr held 10 Apr (late); post-return due 17 June not held
  S3 HEYHD research 1 Mar 2024 → back 15 June 2025 (12 months or more), supervision
           extended; pre-return due 20 April held that day (on time)
  S4 HENW  other, 1 Mar → back 22 Apr 2025 (under 3 months, plan asked for)
  S5 HENW  maternity 2 Apr → expected 5 May, no plan: an absence that began, not a returner
  S6 HENW  expected back in July: outside
  S7 HEYHD maternity began 1 May 2025, plan opened that day, back in November: began and
           opened in the period, not a returner in it
  S8 HENW  sickness 1 Jan → expected 1 June 2025, return never recorded: not a returner
  R1 HEYHD carer's leave 1 Oct 2023 → 1 May 2024 (6–12 months); post-return due 29 May 2024,
           held 20 May
"""

import datetime as dt

import pytest
from django.utils import timezone

from portal.reports.filters import ReportFilters
from portal.reports.periods import quarter_period
from requests_ltft.report import oopp
from returners import report as supportt
from tests.factories import MembershipFactory
from tests.reports.factories import at, make_oopp, make_returner

pytestmark = pytest.mark.django_db
D = dt.date


def figures(report):
    return {f.key: (f.current.value, f.previous.value) for t in report.tables for f in t.figures}


def q1_filters(**kwargs):
    return ReportFilters(period=quarter_period("2025-Q1"), scope=None, **kwargs)


@pytest.fixture
def oopp_world(world):
    def member(programme, grade):
        return MembershipFactory(programme=programme, grade=grade)

    w = world
    make_oopp(
        member(w.paeds, w.st3),
        start_date=D(2025, 9, 1),
        end_date=D(2026, 2, 28),
        intended_return_date=D(2026, 3, 1),
        history=[
            ("submit", at(2025, 4, 2)),
            ("tpd_support", at(2025, 4, 3)),
            ("approve", at(2025, 4, 10)),
        ],
    )
    make_oopp(
        member(w.paeds, w.st3),
        status="RETURNED",
        start_date=D(2025, 1, 6),
        end_date=D(2025, 5, 31),
        intended_return_date=D(2025, 6, 1),
        actual_return_date=D(2025, 6, 2),
        recognised_days=60,
        recognition_recorded_at=at(2025, 6, 20),
        history=[
            ("submit", at(2024, 12, 1)),
            ("approve", at(2024, 12, 10)),
            ("activate", at(2025, 1, 6)),
        ],
    )
    make_oopp(
        member(w.psych, w.ct1),
        start_date=D(2025, 5, 1),
        end_date=D(2025, 12, 31),
        intended_return_date=D(2026, 1, 1),
        history=[
            ("submit", at(2025, 1, 10)),
            ("approve", at(2025, 2, 1)),
            ("activate", at(2025, 5, 1)),
        ],
    )
    make_oopp(
        member(w.anaes, w.ct1), history=[("submit", at(2025, 5, 10)), ("withdraw", at(2025, 5, 12))]
    )
    make_oopp(
        member(w.psych, w.st3),
        history=[
            ("submit", at(2025, 6, 1)),
            ("tpd_support", at(2025, 6, 2)),
            ("reject", at(2025, 6, 20)),
        ],
    )
    make_oopp(
        member(w.paeds, w.st3),
        status="RETURNED",
        start_date=D(2024, 5, 1),
        end_date=D(2024, 10, 31),
        intended_return_date=D(2024, 11, 1),
        actual_return_date=D(2024, 11, 1),
        history=[
            ("submit", at(2024, 4, 5)),
            ("tpd_support", at(2024, 4, 6)),
            ("approve", at(2024, 4, 20)),
            ("activate", at(2024, 5, 1)),
        ],
    )
    make_oopp(
        member(w.psych, w.ct1),
        status="RETURNED",
        start_date=D(2023, 9, 1),
        end_date=D(2024, 5, 31),
        intended_return_date=D(2024, 6, 1),
        actual_return_date=D(2024, 6, 10),
        recognised_days=30,
        recognition_recorded_at=at(2024, 6, 25),
        history=[
            ("submit", at(2023, 5, 1)),
            ("approve", at(2023, 6, 1)),
            ("activate", at(2023, 9, 1)),
        ],
    )
    return world


def test_every_oopp_figure(oopp_world):
    report = oopp.compute(q1_filters())
    assert figures(report) == {
        "received": (3, 1),  # O1 O4 O5; Q1
        "approved": (1, 1),
        "rejected": (1, 0),
        "withdrawn": (1, 0),
        "started": (1, 1),  # O3; Q1
        "active": (1, 1),  # O3 on 30 June 2025; Q1 on 30 June 2024
        "returned": (1, 1),  # O2; Q2
        "length": (147.0, 283.0),
        "recognised": (1, 1),
        "recognised_days": (60, 30),
    }
    office = next(b for b in report.breakdowns if b.key == "office")
    assert {r.label: r.cells["received"][0].value for r in office.rows} == {
        "North West": 2,
        "Yorkshire and the Humber": 1,
    }


def test_oopp_filters_and_scope(oopp_world):
    yh = figures(oopp.compute(q1_filters(office=oopp_world.heyhd)))
    assert (yh["received"], yh["active"], yh["returned"]) == ((1, 0), (1, 0), (0, 1))
    st3 = figures(oopp.compute(q1_filters(grade=oopp_world.st3)))
    assert (st3["received"], st3["returned"]) == ((2, 1), (1, 0))


@pytest.fixture
def supportt_world(world):
    w = world

    def member(programme, grade):
        return MembershipFactory(programme=programme, grade=grade)

    make_returner(
        member(w.paeds, w.st3),
        starts_on=D(2024, 10, 1),
        expected=D(2025, 4, 7),
        actual=D(2025, 4, 7),
        meetings=[
            ("PRE_RETURN", D(2025, 1, 13), D(2025, 2, 10), D(2025, 2, 1)),
            ("POST_RETURN", D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 1)),
        ],
    )
    make_returner(
        member(w.paeds, w.st3),
        reason="SICKNESS",
        starts_on=D(2025, 1, 15),
        expected=D(2025, 5, 1),
        actual=D(2025, 5, 20),
        es_opted_out=True,
        es_opt_out_reason="Prefers to start without it",
        meetings=[
            ("PRE_RETURN", D(2025, 3, 1), D(2025, 4, 3), D(2025, 4, 10)),
            ("POST_RETURN", D(2025, 6, 3), D(2025, 6, 17), None),
        ],
    )
    make_returner(
        member(w.psych, w.ct1),
        reason="OOPR",
        starts_on=D(2024, 3, 1),
        expected=D(2025, 6, 15),
        actual=D(2025, 6, 15),
        es_extension_days=5,
        meetings=[
            ("PRE_RETURN", D(2025, 3, 23), D(2025, 4, 20), D(2025, 4, 20)),
            ("POST_RETURN", D(2025, 6, 29), D(2025, 7, 13), None),
        ],
    )
    make_returner(
        member(w.anaes, w.ct1),
        reason="OTHER",
        starts_on=D(2025, 3, 1),
        expected=D(2025, 4, 20),
        actual=D(2025, 4, 22),
        opted_in=True,
        meetings=[("PRE_ABSENCE", D(2025, 2, 1), D(2025, 2, 15), D(2025, 2, 10))],
    )
    make_returner(
        member(w.paeds, w.st3), starts_on=D(2025, 4, 2), expected=D(2025, 5, 5), plan=False
    )
    make_returner(member(w.paeds, w.st3), starts_on=D(2025, 1, 1), expected=D(2025, 7, 7))
    make_returner(
        member(w.psych, w.st3),
        starts_on=D(2025, 5, 1),
        expected=D(2025, 11, 3),
        actual=D(2025, 11, 3),
    )
    make_returner(
        member(w.paeds, w.st3), reason="SICKNESS", starts_on=D(2025, 1, 1), expected=D(2025, 6, 1)
    )
    make_returner(
        member(w.psych, w.st3),
        reason="CARER",
        starts_on=D(2023, 10, 1),
        expected=D(2024, 5, 1),
        actual=D(2024, 5, 1),
        meetings=[("POST_RETURN", D(2024, 5, 15), D(2024, 5, 29), D(2024, 5, 20))],
    )
    return world


def test_every_supportt_figure(supportt_world):
    report = supportt.compute(q1_filters())
    got = figures(report)
    assert (got["began"], got["opened"]) == ((2, 0), (1, 0))  # S5 and S7; S7
    assert got["returners"] == (4, 1)
    assert {k: v for k, v in got.items() if k.startswith("reason_") and v != (0, 0)} == {
        "reason_PARENTAL": (1, 0),
        "reason_SICKNESS": (1, 0),
        "reason_OOPR": (1, 0),
        "reason_OTHER": (1, 0),
        "reason_CARER": (0, 1),
    }
    assert (got["band_under_3"], got["band_3_6"], got["band_6_12"], got["band_over_12"]) == (
        (1, 0),
        (1, 0),
        (1, 1),
        (1, 0),
    )
    # Due in the period: pre-return S2 (late) and S3 (on the due date); post-return S1 (on
    # time) and S2 (not held). A year earlier: R1's post-return, on time.
    assert got["PRE_ABSENCE"] == (None, None)
    assert got["PRE_RETURN"] == (50.0, None)
    assert got["POST_RETURN"] == (50.0, 100.0)
    assert (got["es_taken"], got["es_opted_out"], got["es_extended"]) == ((3, 1), (1, 0), (1, 0))
    office = next(b for b in report.breakdowns if b.key == "office")
    cells = {
        (r.label, measure): tuple(c.value for c in r.cells[measure])
        for r in office.rows
        for measure in ("began", "opened", "returners")
    }
    assert cells == {
        ("North West", "began"): (1, 0),
        ("North West", "opened"): (0, 0),
        ("North West", "returners"): (3, 0),
        ("Yorkshire and the Humber", "began"): (1, 0),
        ("Yorkshire and the Humber", "opened"): (1, 0),
        ("Yorkshire and the Humber", "returners"): (1, 1),
    }


def test_supportt_scope(supportt_world):
    got = figures(
        supportt.compute(
            ReportFilters(period=quarter_period("2025-Q1"), scope=(supportt_world.henw.pk,))
        )
    )
    assert got["returners"] == (3, 0)
    assert got["POST_RETURN"] == (50.0, None)


def test_the_sections_run_a_fixed_number_of_queries(
    oopp_world, supportt_world, django_assert_num_queries
):
    with django_assert_num_queries(2):
        oopp.compute(q1_filters())
    with django_assert_num_queries(2):
        supportt.compute(q1_filters())


def test_the_row_exports_cover_the_period(oopp_world, supportt_world, client):
    from portal.reports.exports.builders import row_batches
    from requests_ltft.report.oopp import SECTION as OOPP
    from returners.report import SECTION as SUPPORTT

    oopp_rows = [r for b in row_batches(OOPP.row_exports[0], q1_filters()) for r in b]
    assert len(oopp_rows) == 5  # O1 O3 O4 O5 moved on; O2 came back
    plans = [r for b in row_batches(SUPPORTT.row_exports[0], q1_filters()) for r in b]
    assert len(plans) == 5  # S1 to S4 returned, S7 began and was opened; S8 never returned
    s2 = next(r for r in plans if r[5] == "Sickness")
    assert s2[7:11] == (D(2025, 1, 15), D(2025, 5, 1), D(2025, 5, 20), D(2025, 1, 15))
    assert s2[13] == "Yes"  # opted out
    assert s2[-2:] == (D(2025, 4, 10), None)  # pre-return held, post-return not yet


def test_a_plan_counts_when_opened_and_a_return_only_once_it_has_happened(world):
    """Found in use: a plan opened this quarter appeared nowhere in this quarter's figures or
    export, and next quarter already counted a return that had not happened."""
    from portal.reports.exports.builders import row_batches
    from portal.reports.periods import quarter_of
    from returners.report import SECTION as SUPPORTT

    today = timezone.localdate()
    this_quarter = quarter_period(quarter_of(today))
    next_quarter = quarter_period(quarter_of(this_quarter.end + dt.timedelta(days=1)))
    due_next = next_quarter.start + dt.timedelta(days=20)
    make_returner(
        MembershipFactory(),
        starts_on=this_quarter.start,
        expected=due_next + dt.timedelta(days=60),
        opened=timezone.now(),
        meetings=[("PRE_RETURN", next_quarter.start, due_next, None)],
    )
    # Logged today for an absence still to come: it has not begun.
    make_returner(
        MembershipFactory(),
        starts_on=next_quarter.start,
        expected=next_quarter.start + dt.timedelta(days=200),
        opened=timezone.now(),
    )

    def section(period):
        filters = ReportFilters(period=period, scope=None)
        rows = [r for b in row_batches(SUPPORTT.row_exports[0], filters) for r in b]
        return figures(supportt.compute(filters)), rows

    now, now_rows = section(this_quarter)
    assert (now["began"][0], now["opened"][0], now["returners"][0]) == (1, 2, 0)
    assert len(now_rows) == 2
    later, later_rows = section(next_quarter)
    assert (later["began"][0], later["opened"][0], later["returners"][0]) == (0, 0, 0)
    assert later["PRE_RETURN"][0] is None  # not due yet, so neither held nor late
    assert later_rows == []
