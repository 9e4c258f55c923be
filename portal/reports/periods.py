"""Reporting periods: NHS financial-year quarters (Q1 = April to June) and custom date ranges,
each compared with the same dates a year earlier."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

# The first financial year offered in the quarter picker; nothing was recorded before it.
FIRST_FINANCIAL_YEAR = 2020
QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _last_day(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def format_day(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end`, both included, in UK time."""

    start: dt.date
    end: dt.date
    quarter: str = ""  # "2025-Q1" when the period is a financial quarter

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=_tz())

    @property
    def end_before(self) -> dt.datetime:
        """The first moment after the period (a half-open range avoids 23:59:59.999 gaps)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=_tz())

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def year_earlier(self) -> "Period":
        quarter = ""
        if self.quarter:
            year, q = self.quarter.split("-Q")
            quarter = f"{int(year) - 1}-Q{q}"
        return Period(_year_earlier(self.start), _year_earlier(self.end), quarter)

    @property
    def label(self) -> str:
        dates = f"{format_day(self.start)} to {format_day(self.end)}"
        if self.quarter:
            return f"{quarter_label(self.quarter)} ({dates})"
        return dates

    @property
    def short_label(self) -> str:
        if self.quarter:
            return quarter_label(self.quarter)
        return f"{self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"


def financial_year_of(day: dt.date) -> int:
    """The calendar year in which `day`'s financial year began."""
    return day.year if day.month >= 4 else day.year - 1


def quarter_of(day: dt.date) -> str:
    year = financial_year_of(day)
    q = {4: 1, 5: 1, 6: 1, 7: 2, 8: 2, 9: 2, 10: 3, 11: 3, 12: 3}.get(day.month, 4)
    return f"{year}-Q{q}"


def quarter_period(key: str) -> Period:
    """'2025-Q1' → 1 April to 30 June 2025. Raises ValueError for anything else."""
    year_text, _, q_text = key.partition("-Q")
    year, q = int(year_text), int(q_text)
    if q not in QUARTER_MONTHS or not 1900 < year < 2200:
        raise ValueError(f"Not a quarter: {key!r}")
    first, last = QUARTER_MONTHS[q]
    calendar_year = year + 1 if q == 4 else year
    return Period(dt.date(calendar_year, first, 1), _last_day(calendar_year, last), key)


def quarter_label(key: str) -> str:
    year, q = key.split("-Q")
    return f"Q{q} {year} to {int(year) + 1}"


def latest_complete_quarter(today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    current = quarter_period(quarter_of(today))
    return quarter_of(current.start - dt.timedelta(days=1))


def quarter_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    """Every quarter from the first financial year to the current one, newest first."""
    today = today or timezone.localdate()
    last_year = financial_year_of(today)
    keys = [
        f"{year}-Q{q}"
        for year in range(FIRST_FINANCIAL_YEAR, last_year + 1)
        for q in (1, 2, 3, 4)
        if quarter_period(f"{year}-Q{q}").start <= today
    ]
    return [(key, quarter_period(key).label) for key in reversed(keys)]
