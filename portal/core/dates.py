"""Calendar arithmetic shared by every process (notice periods, pause lengths, plan thresholds)."""

import calendar
from datetime import date


def add_months(d: date, months: int) -> date:
    """The same day `months` later (or earlier, when negative), or the month's last day when it
    is shorter (31 Aug + 6 months is 28 or 29 February)."""
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def shortest_months_in_days(months: int) -> int:
    """The fewest days `months` calendar months can span from any start day (a leap year and a
    month-end start included: 31 January + 1 month is 28 days)."""
    first = date(2027, 1, 1)  # 2027-2028 holds every month length and a leap February
    return min(
        (add_months(start, months) - start).days
        for start in (date.fromordinal(first.toordinal() + n) for n in range(731))
    )
