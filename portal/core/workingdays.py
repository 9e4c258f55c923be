"""Working days in England and Wales: Monday to Friday, less the bank holidays.

The holidays are the ones gov.uk publishes for England and Wales, typed in by hand for the years
in `COVERED_YEARS` (substitute days included, e.g. Boxing Day 2026 falls on a Saturday, so the
Monday after is the holiday). Outside those years only weekends are skipped: extend the table
when gov.uk publishes the next year, rather than guessing, because the dates are proclaimed
(2022's extra holidays were announced at a few months' notice).

    add_working_days(date(2026, 8, 28), 1)   -> 1 September 2026 (31 August is a holiday)
    working_day_span_end(date(2026, 8, 25), 8) -> the 8th working day counting 25 August
"""

from datetime import date, timedelta

_HOLIDAYS_BY_YEAR: dict[int, tuple[tuple[int, int, str], ...]] = {
    2024: (
        (1, 1, "New Year's Day"),
        (3, 29, "Good Friday"),
        (4, 1, "Easter Monday"),
        (5, 6, "Early May bank holiday"),
        (5, 27, "Spring bank holiday"),
        (8, 26, "Summer bank holiday"),
        (12, 25, "Christmas Day"),
        (12, 26, "Boxing Day"),
    ),
    2025: (
        (1, 1, "New Year's Day"),
        (4, 18, "Good Friday"),
        (4, 21, "Easter Monday"),
        (5, 5, "Early May bank holiday"),
        (5, 26, "Spring bank holiday"),
        (8, 25, "Summer bank holiday"),
        (12, 25, "Christmas Day"),
        (12, 26, "Boxing Day"),
    ),
    2026: (
        (1, 1, "New Year's Day"),
        (4, 3, "Good Friday"),
        (4, 6, "Easter Monday"),
        (5, 4, "Early May bank holiday"),
        (5, 25, "Spring bank holiday"),
        (8, 31, "Summer bank holiday"),
        (12, 25, "Christmas Day"),
        (12, 28, "Boxing Day (substitute day)"),
    ),
    2027: (
        (1, 1, "New Year's Day"),
        (3, 26, "Good Friday"),
        (3, 29, "Easter Monday"),
        (5, 3, "Early May bank holiday"),
        (5, 31, "Spring bank holiday"),
        (8, 30, "Summer bank holiday"),
        (12, 27, "Christmas Day (substitute day)"),
        (12, 28, "Boxing Day (substitute day)"),
    ),
    2028: (
        (1, 3, "New Year's Day (substitute day)"),
        (4, 14, "Good Friday"),
        (4, 17, "Easter Monday"),
        (5, 1, "Early May bank holiday"),
        (5, 29, "Spring bank holiday"),
        (8, 28, "Summer bank holiday"),
        (12, 25, "Christmas Day"),
        (12, 26, "Boxing Day"),
    ),
}

COVERED_YEARS = range(min(_HOLIDAYS_BY_YEAR), max(_HOLIDAYS_BY_YEAR) + 1)

BANK_HOLIDAYS: dict[date, str] = {
    date(year, month, day): name
    for year, holidays in _HOLIDAYS_BY_YEAR.items()
    for month, day, name in holidays
}


def is_bank_holiday(d: date) -> bool:
    return d in BANK_HOLIDAYS


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in BANK_HOLIDAYS


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
