"""Financial-year quarters and the year-earlier comparison."""

import datetime as dt

import pytest

from portal.reports.periods import (
    Period,
    latest_complete_quarter,
    quarter_choices,
    quarter_of,
    quarter_period,
)


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2025-Q1", dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ("2025-Q2", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        ("2025-Q3", dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        ("2025-Q4", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ],
)
def test_quarters_follow_the_nhs_financial_year(key, start, end):
    period = quarter_period(key)
    assert (period.start, period.end) == (start, end)
    assert quarter_of(start) == key
    assert quarter_of(end) == key


def test_a_quarter_compares_with_the_same_quarter_a_year_earlier():
    earlier = quarter_period("2025-Q4").year_earlier()
    assert (earlier.start, earlier.end, earlier.quarter) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 3, 31),
        "2024-Q4",
    )
    assert earlier.label == "Q4 2024 to 2025 (1 January 2025 to 31 March 2025)"


def test_a_custom_range_ending_on_29_february_goes_back_to_28_february():
    earlier = Period(dt.date(2024, 2, 1), dt.date(2024, 2, 29)).year_earlier()
    assert (earlier.start, earlier.end) == (dt.date(2023, 2, 1), dt.date(2023, 2, 28))


def test_periods_run_from_uk_midnight_to_uk_midnight():
    period = quarter_period("2025-Q1")
    # 1 April is in British Summer Time: UK midnight is 23:00 UTC the day before.
    assert period.start_at.astimezone(dt.UTC) == dt.datetime(2025, 3, 31, 23, tzinfo=dt.UTC)
    assert period.end_before.astimezone(dt.UTC) == dt.datetime(2025, 6, 30, 23, tzinfo=dt.UTC)


def test_the_picker_offers_quarters_up_to_today_newest_first_defaulting_to_the_last_complete():
    today = dt.date(2025, 8, 15)
    keys = [key for key, _label in quarter_choices(today)]
    assert keys[:3] == ["2025-Q2", "2025-Q1", "2024-Q4"]
    assert keys[-1] == "2020-Q1"
    assert latest_complete_quarter(today) == "2025-Q1"
    assert latest_complete_quarter(dt.date(2025, 4, 2)) == "2024-Q4"


@pytest.mark.parametrize("bad", ["2025-Q5", "2025", "Q1", "x-Q1"])
def test_anything_but_a_quarter_is_refused(bad):
    with pytest.raises(ValueError):
        quarter_period(bad)
