"""Calendar arithmetic shared by every process (notice periods, pause lengths, plan thresholds)."""

import calendar
from datetime import date


def add_months(d: date, months: int) -> date:
    """The same day `months` later (or earlier, when negative), or the month's last day when it
    is shorter (31 Aug + 6 months is 28 or 29 February)."""
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
