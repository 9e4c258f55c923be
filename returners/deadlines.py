"""Each meeting's due window and the end of enhanced supervision (docs/rules.md §6 and §8).
Pure functions of dates and a local office's timings, so they can be tested without a database.
Who needs a plan, and how long their enhanced supervision is, are in `returners.eligibility`.

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

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from portal.core.workingdays import working_day_span_end
from returners.models import MeetingKind


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


def enhanced_supervision_end(return_on: date, days: int) -> date:
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


def post_return_window(
    *, return_on: date, enhanced_supervision_ends_on: date | None, timings: Timings
) -> Window:
    opens = return_on + timedelta(weeks=timings.post_return_opens_weeks)
    due = return_on + timedelta(weeks=timings.post_return_due_weeks)
    if enhanced_supervision_ends_on is not None and enhanced_supervision_ends_on > opens:
        shift = enhanced_supervision_ends_on - opens
        opens, due = opens + shift, due + shift
    return Window(opens, due)


def meeting_windows(
    *,
    starts_on: date,
    return_on: date,
    planned: bool,
    logged_on: date,
    enhanced_supervision_days: int,
    timings: Timings,
) -> dict[str, Window]:
    """All three windows. `enhanced_supervision_days` is 0 when the trainee opted out."""
    enhanced_supervision_ends_on = (
        enhanced_supervision_end(return_on, enhanced_supervision_days)
        if enhanced_supervision_days
        else None
    )
    return {
        MeetingKind.PRE_ABSENCE: pre_absence_window(
            starts_on=starts_on, planned=planned, logged_on=logged_on, timings=timings
        ),
        MeetingKind.PRE_RETURN: pre_return_window(
            starts_on=starts_on, logged_on=logged_on, return_on=return_on, timings=timings
        ),
        MeetingKind.POST_RETURN: post_return_window(
            return_on=return_on,
            enhanced_supervision_ends_on=enhanced_supervision_ends_on,
            timings=timings,
        ),
    }


@dataclass(frozen=True)
class SurveyDates:
    """When a returner is invited to the survey, reminded, and when it closes (the first day it
    can no longer be answered); docs/rules.md §14."""

    invited_on: date
    reminded_on: date
    closes_on: date

    @property
    def last_day(self) -> date:
        return self.closes_on - timedelta(days=1)

    def is_open(self, today: date) -> bool:
        return self.invited_on <= today < self.closes_on


def survey_dates(
    return_on: date, *, weeks_after_return: int, reminder_weeks: int, open_weeks: int
) -> SurveyDates:
    invited_on = return_on + timedelta(weeks=weeks_after_return)
    return SurveyDates(
        invited_on=invited_on,
        reminded_on=invited_on + timedelta(weeks=reminder_weeks),
        closes_on=invited_on + timedelta(weeks=open_weeks),
    )
