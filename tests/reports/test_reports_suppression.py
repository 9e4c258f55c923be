"""Small-number suppression: counts from 1 to 4, figures that reveal them, and enough other
cells that a hidden one cannot be worked out by subtraction."""

import pytest

from portal.reports.filters import ReportFilters
from portal.reports.periods import quarter_period
from portal.reports.sections.base import (
    Breakdown,
    BreakdownRow,
    Cell,
    Figure,
    FigureTable,
    SectionReport,
)
from portal.reports.suppression import primary, suppress
from requests_ltft.report import ltft


def count(key, current, previous=0):
    return Figure(key, key, Cell(current), Cell(previous))


def column_report(values: list[int], total: int) -> SectionReport:
    """One breakdown column whose rows add up to `total`."""
    received = count("received", total)
    rows = [
        BreakdownRow(f"row {i}", {"received": (Cell(v), Cell(0))}) for i, v in enumerate(values)
    ]
    return SectionReport(
        key="t",
        title="Test",
        tables=[FigureTable("applications", "Applications", [received])],
        breakdowns=[
            Breakdown(
                "office",
                "By office",
                "Office",
                [("received", "Received")],
                rows,
                {"received": received},
            )
        ],
    )


def hidden(report) -> list[bool]:
    return [row.cells["received"][0].suppressed for row in report.breakdowns[0].rows]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (Cell(0), False),
        (Cell(1), True),
        (Cell(4), True),
        (Cell(5), False),
        (Cell.percent(2, 10), True),  # 2 people
        (Cell.percent(9, 10), True),  # the 1 person not counted
        (Cell.percent(5, 10), False),
        (Cell.percent(0, 10), False),
        (Cell.percent(0, 3), True),  # out of 3 people
        (Cell.days(20, n=4), True),  # a median of 4 cases is nearly one person's
        (Cell.days(20, n=5), False),
    ],
)
def test_primary_suppression(cell, expected):
    assert primary(cell) is expected


def test_one_hidden_cell_in_a_column_takes_the_smallest_other_with_it():
    report = suppress(column_report([10, 3, 8, 0], total=21))
    # 3 is hidden; 8 goes too, else 21 - 10 - 0 - 8 gives it away. 10 and 0 stay.
    assert hidden(report) == [False, True, True, False]
    assert not report.figure("received").current.suppressed


def test_hidden_cells_must_add_up_to_five_or_more():
    # Two 1s hidden would add up to 2: both are then known to be 1. The 20 is hidden too.
    assert hidden(suppress(column_report([1, 1, 20], total=22))) == [True, True, True]


def test_when_nothing_else_can_hide_it_the_total_goes():
    report = suppress(column_report([3, 0], total=8))
    assert hidden(report) == [True, True]
    # The two hidden cells add up to 3: the total must go too.
    assert report.figure("received").current.suppressed


def test_a_small_total_needs_no_secondary_suppression():
    report = suppress(column_report([3, 0], total=3))
    assert hidden(report) == [True, False]
    assert report.figure("received").current.suppressed


def test_the_page_report_is_left_alone():
    report = column_report([10, 3, 8, 0], total=21)
    suppress(report)
    assert not any(hidden(report))


@pytest.mark.django_db
def test_the_ltft_report_for_sharing(world):
    report = suppress(ltft.compute(ReportFilters(period=quarter_period("2025-Q1"), scope=None)))
    shown = {f.key: (str(f.current), str(f.previous)) for t in report.tables for f in t.figures}
    assert shown["received"] == ("7", "[c]")
    assert shown["approved"] == ("[c]", "[c]")
    assert shown["short_notice"] == ("[c]", "[c]")  # 2 of 7; 1 of 3
    assert shown["to_decision"] == ("20", "[c]")  # 5 decided; only 2 a year earlier
    assert shown["wte_50"] == ("0", "0")
    office = next(b for b in report.breakdowns if b.key == "office")
    received = [str(row.cells["received"][0]) for row in office.rows]
    # Yorkshire's 2 is hidden, so North West's 5 goes with it (7 - 5 = 2).
    assert received == ["[c]", "[c]"]
    assert [str(row.cells["approved"][0]) for row in office.rows] == ["[c]", "[c]"]
