"""Working days in England and Wales: weekends and the published bank holidays."""

from datetime import date, timedelta

import pytest

from portal.core.workingdays import (
    add_working_days,
    bank_holidays,
    is_bank_holiday,
    is_working_day,
    working_day_span_end,
    working_days_between,
)


def easter_sunday(year: int) -> date:
    """The Gregorian computus (anonymous algorithm), to cross-check the package's Easters."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def last_monday(year: int, month: int) -> date:
    d = date(year, month + 1, 1) - timedelta(days=1)
    return d - timedelta(days=d.weekday())


def first_monday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


YEARS = range(2024, 2036)


@pytest.mark.parametrize("year", YEARS)
def test_each_ordinary_year_has_its_eight_holidays_on_weekdays(year):
    holidays = bank_holidays(year)
    assert len(holidays) == 8
    assert all(d.weekday() < 5 for d in holidays)


# gov.uk's published England and Wales list as (month, day), typed in once here to pin the
# package to it.
GOV_UK = {
    2026: [(1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)],
    2027: [(1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)],
    2028: [(1, 3), (4, 14), (4, 17), (5, 1), (5, 29), (8, 28), (12, 25), (12, 26)],
}


@pytest.mark.parametrize("year", GOV_UK)
def test_gov_uk_list_for_2026_to_2028_with_its_substitute_days(year):
    assert list(bank_holidays(year)) == [date(year, m, d) for m, d in GOV_UK[year]]


def test_the_substitute_days_of_2026_to_2028():
    assert bank_holidays(2026)[date(2026, 12, 28)].startswith("Boxing Day")  # 26th a Saturday
    assert bank_holidays(2027)[date(2027, 12, 27)].startswith("Christmas Day")  # 25th a Saturday
    assert bank_holidays(2027)[date(2027, 12, 28)].startswith("Boxing Day")  # 26th a Sunday
    assert bank_holidays(2028)[date(2028, 1, 3)].startswith("New Year")  # 1st a Saturday


def test_one_off_holidays_proclaimed_for_a_year_are_included():
    assert is_bank_holiday(date(2022, 6, 3))  # the Platinum Jubilee
    assert is_bank_holiday(date(2022, 9, 19))  # the State Funeral
    assert is_bank_holiday(date(2023, 5, 8))  # the Coronation
    assert len(bank_holidays(2022)) == 10


def test_holidays_after_2028_are_skipped_too():
    # Before the package, only 2024-2028 were known and a count in 2029 skipped weekends only.
    assert is_bank_holiday(date(2029, 8, 27))  # summer bank holiday
    assert add_working_days(date(2029, 8, 24), 1) == date(2029, 8, 28)
    assert is_bank_holiday(date(2030, 4, 19)) and is_bank_holiday(date(2030, 4, 22))  # Easter
    assert working_days_between(date(2030, 4, 18), date(2030, 4, 23)) == 1


@pytest.mark.parametrize("year", YEARS)
def test_the_movable_holidays_follow_their_rules(year):
    easter = easter_sunday(year)
    assert is_bank_holiday(easter - timedelta(days=2)), "Good Friday"
    assert is_bank_holiday(easter + timedelta(days=1)), "Easter Monday"
    assert is_bank_holiday(first_monday(year, 5))
    assert is_bank_holiday(last_monday(year, 5))
    assert is_bank_holiday(last_monday(year, 8))


def test_substitute_days_replace_holidays_that_fall_at_a_weekend():
    assert is_bank_holiday(date(2026, 12, 28))  # Boxing Day 2026 is a Saturday
    assert is_bank_holiday(date(2027, 12, 27)) and is_bank_holiday(date(2027, 12, 28))
    assert is_bank_holiday(date(2028, 1, 3))  # 1 January 2028 is a Saturday
    assert not is_bank_holiday(date(2027, 12, 25))  # the Saturday itself is not the holiday
    assert not is_bank_holiday(date(2026, 12, 26))


def test_weekends_and_holidays_are_not_working_days():
    assert is_working_day(date(2026, 8, 28))  # Friday
    assert not is_working_day(date(2026, 8, 29))  # Saturday
    assert not is_working_day(date(2026, 8, 31))  # summer bank holiday
    assert is_working_day(date(2026, 9, 1))


def test_add_working_days_skips_the_weekend_and_the_holiday():
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 1)
    assert add_working_days(date(2026, 8, 27), 2) == date(2026, 9, 1)
    assert add_working_days(date(2026, 9, 1), -1) == date(2026, 8, 28)
    assert add_working_days(date(2026, 8, 29), 0) == date(2026, 8, 29)


def test_a_span_counts_its_first_day_when_it_is_a_working_day():
    assert working_day_span_end(date(2026, 9, 7), 10) == date(2026, 9, 18)
    assert working_day_span_end(date(2026, 9, 7), 1) == date(2026, 9, 7)
    # Starting on a Saturday: the first working day is the Monday.
    assert working_day_span_end(date(2026, 9, 5), 1) == date(2026, 9, 7)
    # Christmas 2026: 25th (Fri) and 28th (Mon) are holidays.
    assert working_day_span_end(date(2026, 12, 21), 5) == date(2026, 12, 29)
    with pytest.raises(ValueError):
        working_day_span_end(date(2026, 9, 7), 0)


def test_working_days_between_is_add_working_days_reversed():
    start = date(2027, 3, 22)
    for n in range(0, 30):
        assert working_days_between(start, add_working_days(start, n)) == n
    # Backwards over Easter 2027: Good Friday (26th) and Easter Monday (29th) do not count.
    assert working_days_between(date(2027, 3, 30), date(2027, 3, 25)) == -1
    assert working_days_between(date(2027, 3, 31), date(2027, 3, 24)) == -3
