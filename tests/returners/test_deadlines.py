"""The due-window arithmetic, with no database: planned, unplanned, LTFT pro rata, changes."""

from datetime import date
from decimal import Decimal

import pytest

from returners.deadlines import (
    Window,
    enhanced_supervision_end,
    meeting_windows,
    post_return_window,
    pre_absence_window,
    pre_return_window,
)
from returners.eligibility import enhanced_supervision_days_for, needs_plan
from returners.models import MeetingKind, SupporttSettings

DEFAULTS = SupporttSettings()  # the national defaults, unsaved


def windows(**overrides):
    values = {
        "starts_on": date(2027, 2, 25),
        "return_on": date(2027, 8, 25),
        "planned": True,
        "logged_on": date(2027, 1, 4),
        "enhanced_supervision_days": 10,
        "timings": DEFAULTS,
    }
    return meeting_windows(**{**values, **overrides})


def test_the_defaults_are_the_national_suggestions():
    assert (DEFAULTS.pre_absence_opens_weeks, DEFAULTS.pre_absence_due_weeks) == (12, 4)
    assert DEFAULTS.unplanned_due_days == 14
    assert (DEFAULTS.pre_return_opens_weeks, DEFAULTS.pre_return_due_weeks) == (12, 8)
    assert (DEFAULTS.post_return_opens_weeks, DEFAULTS.post_return_due_weeks) == (2, 4)
    assert DEFAULTS.es_days == 10


def test_a_planned_six_month_absence():
    result = windows()
    assert result[MeetingKind.PRE_ABSENCE] == Window(date(2026, 12, 3), date(2027, 1, 28))
    assert result[MeetingKind.PRE_RETURN] == Window(date(2027, 6, 2), date(2027, 6, 30))
    # 10 working days from Wed 25 Aug 2027 cross the summer bank holiday (30 Aug) and end on
    # Wed 8 Sep, the same day the window would open anyway: no shift.
    assert result[MeetingKind.POST_RETURN] == Window(date(2027, 9, 8), date(2027, 9, 22))


def test_an_unplanned_absence_is_due_within_two_weeks_of_being_logged():
    window = pre_absence_window(
        starts_on=date(2027, 3, 1), planned=False, logged_on=date(2027, 3, 10), timings=DEFAULTS
    )
    assert window == Window(date(2027, 3, 10), date(2027, 3, 24))


def test_a_planned_absence_logged_too_late_is_treated_as_unplanned():
    window = pre_absence_window(
        starts_on=date(2027, 3, 1), planned=True, logged_on=date(2027, 2, 20), timings=DEFAULTS
    )
    assert window == Window(date(2027, 2, 20), date(2027, 3, 6))
    on_time = pre_absence_window(
        starts_on=date(2027, 3, 1), planned=True, logged_on=date(2027, 2, 1), timings=DEFAULTS
    )
    assert on_time.due_on == date(2027, 2, 1)


def test_the_pre_return_window_never_falls_before_the_absence():
    window = pre_return_window(
        starts_on=date(2027, 3, 1),
        logged_on=date(2027, 2, 1),
        return_on=date(2027, 4, 12),
        timings=DEFAULTS,
    )
    assert window == Window(date(2027, 3, 1), date(2027, 3, 1))


def test_office_timings_change_the_windows():
    timings = SupporttSettings(
        pre_absence_opens_weeks=13,
        pre_absence_due_weeks=8,
        pre_return_opens_weeks=16,
        pre_return_due_weeks=12,
        post_return_opens_weeks=1,
        post_return_due_weeks=3,
    )
    result = windows(timings=timings, enhanced_supervision_days=0, logged_on=date(2026, 11, 1))
    assert result[MeetingKind.PRE_ABSENCE] == Window(date(2026, 11, 26), date(2026, 12, 31))
    assert result[MeetingKind.PRE_RETURN] == Window(date(2027, 5, 5), date(2027, 6, 2))
    assert result[MeetingKind.POST_RETURN] == Window(date(2027, 9, 1), date(2027, 9, 15))


@pytest.mark.parametrize(
    ("wte", "days"),
    [("1.00", 10), ("0.80", 8), ("0.60", 6), ("0.50", 5), ("0.75", 8), ("0.25", 3), ("0.10", 1)],
)
def test_enhanced_supervision_is_pro_rata_for_ltft(wte, days):
    assert enhanced_supervision_days_for(Decimal(wte), 10) == days


def test_enhanced_supervision_ends_on_the_right_working_day():
    # 80% LTFT: 8 working days from Wed 25 Aug 2027, over the bank holiday on Mon 30 Aug.
    assert enhanced_supervision_end(date(2027, 8, 25), 8) == date(2027, 9, 6)
    assert enhanced_supervision_end(date(2027, 8, 25), 10) == date(2027, 9, 8)
    # A return on a bank holiday starts supervision on the next working day.
    assert enhanced_supervision_end(date(2027, 8, 30), 1) == date(2027, 8, 31)


def test_the_post_return_window_moves_to_the_end_of_a_longer_supervision():
    return_on = date(2027, 8, 25)
    extended = enhanced_supervision_end(return_on, 10 + 10)  # 22 Sep 2027
    window = post_return_window(
        return_on=return_on, enhanced_supervision_ends_on=extended, timings=DEFAULTS
    )
    assert window == Window(extended, date(2027, 10, 6))
    opted_out = post_return_window(
        return_on=return_on, enhanced_supervision_ends_on=None, timings=DEFAULTS
    )
    assert opted_out == Window(date(2027, 9, 8), date(2027, 9, 22))


def test_when_the_dates_change_every_window_follows():
    before = windows()
    after = windows(starts_on=date(2027, 3, 4), return_on=date(2027, 10, 4))
    assert after[MeetingKind.PRE_ABSENCE].due_on == date(2027, 2, 4)
    assert after[MeetingKind.PRE_RETURN] == Window(date(2027, 7, 12), date(2027, 8, 9))
    assert after[MeetingKind.POST_RETURN] == Window(date(2027, 10, 18), date(2027, 11, 1))
    assert all(before[kind] != after[kind] for kind in MeetingKind.values)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2027, 3, 1), date(2027, 6, 1), True),
        (date(2027, 3, 1), date(2027, 5, 31), False),
        (date(2026, 11, 30), date(2027, 2, 28), True),  # 30 Nov + 3 months = 28 Feb
        (date(2026, 11, 30), date(2027, 2, 27), False),
    ],
)
def test_three_months_or_more_needs_a_plan(start, end, expected):
    assert needs_plan(start, end) is expected
