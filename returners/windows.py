"""Date arithmetic for return plans: who needs a plan, each meeting's due window, and how long
enhanced supervision lasts. Pure functions of dates and a local office's timings, so they can be
tested without a database.

The rules (docs/rules.md §6 and §8, each number configurable per local office):

- Pre-absence, planned: the window opens 12 weeks before the absence starts and the meeting is
  due 4 weeks before. A planned absence logged after that due date is treated as unplanned.
- Pre-absence, unplanned: due within 14 days of the absence being logged.
- Pre-return: opens 12 weeks before the return (the reminder) and is due 8 weeks before. It is
  never due before the absence starts or is logged, which matters for short opted-in absences.
- Post-return: opens 2 weeks after the return and is due at 4 weeks. When enhanced supervision
  (extended, or long because the return falls among holidays) ends later than the window opens,
  the whole window moves so that it opens on its last day: the review happens "at the end of
  enhanced supervision".
- Enhanced supervision: 10 working days full time, pro rata for LTFT (rounded half up, at least
  one), counted from the return date over weekends and bank holidays.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from portal.core.workingdays import working_day_span_end
from returners.models import MeetingKind

PLAN_THRESHOLD_MONTHS = 3


class Timings(Protocol):
    pre_absence_opens_weeks: int
    pre_absence_due_weeks: int
    unplanned_due_days: int
    pre_return_opens_weeks: int
    pre_return_due_weeks: int
    post_return_opens_weeks: int
    post_return_due_weeks: int
    es_days: int


@dataclass(frozen=True)
class Window:
    opens_on: date
    due_on: date


def add_months(d: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Aug + 6
    months is 28 or 29 February)."""
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def needs_plan(starts_on: date, expected_return_on: date) -> bool:
    """An absence of 3 months or more, whatever the reason, gets a return plan."""
    return expected_return_on >= add_months(starts_on, PLAN_THRESHOLD_MONTHS)


def es_days_for(wte: Decimal, full_time_days: int) -> int:
    """Enhanced supervision days pro rata for whole-time equivalent `wte` (0.8 of 10 is 8)."""
    days = (Decimal(full_time_days) * Decimal(wte)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(1, int(days))


def es_end(return_on: date, days: int) -> date:
    """The last day of enhanced supervision: the return date is its first day when it is a
    working day, and weekends and bank holidays do not count."""
    return working_day_span_end(return_on, days)


def pre_absence_window(
    *, starts_on: date, planned: bool, logged_on: date, timings: Timings
) -> Window:
    due = starts_on - timedelta(weeks=timings.pre_absence_due_weeks)
    if planned and logged_on <= due:
        return Window(starts_on - timedelta(weeks=timings.pre_absence_opens_weeks), due)
    return Window(logged_on, logged_on + timedelta(days=timings.unplanned_due_days))


def pre_return_window(
    *, starts_on: date, logged_on: date, return_on: date, timings: Timings
) -> Window:
    earliest = max(starts_on, logged_on)
    opens = max(return_on - timedelta(weeks=timings.pre_return_opens_weeks), earliest)
    due = max(return_on - timedelta(weeks=timings.pre_return_due_weeks), opens)
    return Window(opens, due)


def post_return_window(*, return_on: date, es_ends_on: date | None, timings: Timings) -> Window:
    opens = return_on + timedelta(weeks=timings.post_return_opens_weeks)
    due = return_on + timedelta(weeks=timings.post_return_due_weeks)
    if es_ends_on is not None and es_ends_on > opens:
        shift = es_ends_on - opens
        opens, due = opens + shift, due + shift
    return Window(opens, due)


def meeting_windows(
    *,
    starts_on: date,
    return_on: date,
    planned: bool,
    logged_on: date,
    es_total_days: int,
    timings: Timings,
) -> dict[str, Window]:
    """All three windows. `es_total_days` is 0 when the trainee opted out."""
    es_ends_on = es_end(return_on, es_total_days) if es_total_days else None
    return {
        MeetingKind.PRE_ABSENCE: pre_absence_window(
            starts_on=starts_on, planned=planned, logged_on=logged_on, timings=timings
        ),
        MeetingKind.PRE_RETURN: pre_return_window(
            starts_on=starts_on, logged_on=logged_on, return_on=return_on, timings=timings
        ),
        MeetingKind.POST_RETURN: post_return_window(
            return_on=return_on, es_ends_on=es_ends_on, timings=timings
        ),
    }
