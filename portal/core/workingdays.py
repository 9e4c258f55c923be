"""Working days in England and Wales: Monday to Friday, less the bank holidays.

The bank holidays come from the `holidays` package (England, subdivision "ENG" of the UK), which
keeps the rules (Easter, the Monday holidays, a substitute Monday or Tuesday for a holiday that
falls at a weekend) for any year and adds one-off holidays as they are proclaimed (2022's two
were announced at a few months' notice): keep the pinned version current. Only weekdays count as
bank holidays here, as on gov.uk's list: the substitute day is the holiday, not the Saturday.
See docs/rules.md §5.

    add_working_days(date(2026, 8, 28), 1)   -> 1 September 2026 (31 August is a holiday)
    working_day_span_end(date(2026, 8, 25), 8) -> the 8th working day counting 25 August
"""

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def bank_holidays(year: int) -> dict[date, str]:
    """England and Wales's bank holidays in `year`, by date, with their names."""
    england = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: name for day, name in sorted(england.items()) if day.weekday() < 5}


def is_bank_holiday(d: date) -> bool:
    return d in bank_holidays(d.year)


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in bank_holidays(d.year)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (before it when n is negative); `start` itself is
    never counted. With n == 0, `start` is returned unchanged, working day or not."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = start
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_day_span_end(first_day: date, n: int) -> date:
    """The last day of a run of `n` working days that begins on `first_day` (counted when it is
    a working day). A fortnight's enhanced supervision from Monday 7 September 2026 is
    `working_day_span_end(date(2026, 9, 7), 10)` -> Friday 18 September 2026."""
    if n < 1:
        raise ValueError("A span needs at least one working day.")
    return add_working_days(first_day - timedelta(days=1), n)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=offset))
    )
