"""Calendar months as notice periods and plan thresholds count them."""

from datetime import date

from portal.core.dates import add_months


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 15), 3) == date(2028, 2, 15)


def test_add_months_goes_back_across_a_year():
    assert add_months(date(2027, 2, 15), -3) == date(2026, 11, 15)
    assert add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)
