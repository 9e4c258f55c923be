"""Tests for the provisional CCT calculator (docs/rules.md §4)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from requests_ltft.cct import KINDS, CctChange, CctResult, calculate_cct, round_half_up


def ltft(start, end, wte, current="1"):
    return CctChange("LTFT", start, end, wte=Decimal(wte), current_wte=Decimal(current))


# --- rounding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.5", 3),
        ("182.5", 183),  # banker's rounding would give 182
        ("0.5", 1),
        ("2.4999", 2),
        ("2.5001", 3),
        ("7", 7),
        ("-2.5", -3),  # halves go away from zero, so time saved is treated the same way
        ("-2.4", -2),
    ],
)
def test_round_half_up(value, expected):
    assert round_half_up(Decimal(value)) == expected


def test_kinds_are_the_documented_ones():
    assert KINDS == ("LTFT", "OOPP", "OOPE", "OOPC", "SICKNESS", "PARENTAL", "UNPAID")


# --- NHSE fixtures for bounded LTFT periods ---------------------------------------------


def test_fifty_percent_for_2025_rounds_half_up():
    result = calculate_cct(date(2025, 12, 31), [ltft(date(2025, 1, 1), date(2025, 12, 31), "0.5")])
    assert result == CctResult(cct_date=date(2026, 7, 2), days_added=[183])
    # Guard against Python's round(), which would land a day early.
    assert result.cct_date != date(2026, 7, 1)


def test_sixty_percent_for_a_year():
    result = calculate_cct(date(2027, 8, 31), [ltft(date(2025, 9, 1), date(2026, 8, 31), "0.6")])
    assert result.days_added == [146]
    assert result.cct_date == date(2028, 1, 24)


def test_eighty_percent_for_a_quarter():
    result = calculate_cct(date(2028, 3, 31), [ltft(date(2026, 10, 1), date(2026, 12, 31), "0.8")])
    assert result.days_added == [18]
    assert result.cct_date == date(2028, 4, 18)


def test_two_changes_apply_in_turn():
    changes = [
        ltft(date(2025, 7, 1), date(2026, 6, 30), "0.5"),
        ltft(date(2026, 7, 1), date(2027, 6, 30), "0.8"),
    ]
    result = calculate_cct(date(2027, 6, 30), changes)
    assert result.days_added == [183, 73]
    assert result.cct_date == date(2028, 3, 12)


def test_changes_out_of_order_are_applied_by_start_date():
    changes = [
        ltft(date(2026, 7, 1), date(2027, 6, 30), "0.8"),
        ltft(date(2025, 7, 1), date(2026, 6, 30), "0.5"),
    ]
    result = calculate_cct(date(2027, 6, 30), changes)
    assert result.days_added == [183, 73]
    assert result.cct_date == date(2028, 3, 12)


def test_out_of_order_open_ended_ltft_sees_earlier_absence():
    # The absence starts first, so the open-ended LTFT stretches the already-moved date.
    changes = [
        CctChange("LTFT", date(2025, 8, 6), wte=Decimal("0.5")),
        CctChange("SICKNESS", date(2025, 8, 1), date(2025, 8, 5)),
    ]
    result = calculate_cct(date(2027, 8, 3), changes)
    assert result.days_added == [5, 733]  # remaining becomes 728 + 5 days
    assert result.cct_date == date(2027, 8, 3) + timedelta(days=738)


def test_equal_start_dates_keep_given_order():
    start = date(2025, 1, 1)
    changes = [
        CctChange("SICKNESS", start, date(2025, 1, 10)),
        CctChange("LTFT", start, wte=Decimal("0.5")),
    ]
    # Sickness first: remaining grows from 365 to 375 days before being doubled.
    assert calculate_cct(date(2025, 12, 31), changes).days_added == [10, 375]
    # Same changes the other way round: the LTFT doubles 365 days, then sickness adds 10.
    assert calculate_cct(date(2025, 12, 31), changes[::-1]).days_added == [365, 10]


def test_eighty_to_sixty_for_ten_days_adds_three():
    change = ltft(date(2025, 3, 1), date(2025, 3, 10), "0.6", current="0.8")
    result = calculate_cct(date(2027, 1, 1), [change])
    assert result.days_added == [3]  # 10 - 10 * 0.6 / 0.8 = 2.5, rounded up
    assert result.cct_date == date(2027, 1, 4)


def test_going_up_gives_time_back():
    # 60% -> 100% for 30 days: 30 - 30 * 1 / 0.6 = -20 days.
    change = ltft(date(2025, 3, 1), date(2025, 3, 30), "1", current="0.6")
    result = calculate_cct(date(2027, 1, 21), [change])
    assert result.days_added == [-20]
    assert result.cct_date == date(2027, 1, 1)


def test_going_up_rounds_half_away_from_zero():
    # 80% -> 100% for 10 days: 10 - 12.5 = -2.5.
    change = ltft(date(2025, 3, 1), date(2025, 3, 10), "1", current="0.8")
    assert calculate_cct(date(2027, 1, 1), [change]).days_added == [-3]


def test_full_time_to_full_time_adds_nothing():
    change = ltft(date(2025, 1, 1), date(2025, 12, 31), "1")
    assert calculate_cct(date(2026, 8, 5), [change]) == CctResult(date(2026, 8, 5), [0])


def test_no_changes_keeps_the_date():
    assert calculate_cct(date(2027, 8, 3), []) == CctResult(date(2027, 8, 3), [])


def test_accepts_plain_numbers_and_strings():
    change = CctChange("LTFT", date(2025, 1, 1), date(2025, 12, 31), wte="0.5", current_wte=1)
    assert calculate_cct(date(2025, 12, 31), [change]).days_added == [183]
    floaty = CctChange("LTFT", date(2025, 9, 1), date(2026, 8, 31), wte=0.6)
    assert calculate_cct(date(2027, 8, 31), [floaty]).days_added == [146]


# --- open-ended LTFT (until completion) ---------------------------------------------------


@pytest.mark.parametrize(
    ("wte", "added", "new_cct"),
    [
        ("0.6", 485, date(2028, 11, 30)),
        ("0.8", 182, date(2028, 2, 1)),
        ("0.5", 728, date(2029, 7, 31)),
    ],
)
def test_open_ended_ltft_stretches_the_remaining_time(wte, added, new_cct):
    change = CctChange("LTFT", date(2025, 8, 6), wte=Decimal(wte))
    result = calculate_cct(date(2027, 8, 3), [change])
    assert result.days_added == [added]
    assert result.cct_date == new_cct


def test_open_ended_ltft_is_not_the_bounded_formula_to_the_old_cct():
    # The pitfall in the domain notes: bounding the period at the old CCT gives only 291.
    bounded = ltft(date(2025, 8, 6), date(2027, 8, 3), "0.6")
    assert calculate_cct(date(2027, 8, 3), [bounded]).days_added == [291]


def test_open_ended_ltft_from_a_part_time_start():
    # 80% -> 60% until completion: 100 days left become 100 * 0.8 / 0.6 = 133.3.
    change = CctChange("LTFT", date(2025, 1, 1), wte=Decimal("0.6"), current_wte=Decimal("0.8"))
    result = calculate_cct(date(2025, 4, 10), [change])
    assert result.days_added == [33]


def test_open_ended_ltft_starting_on_the_cct_date():
    change = CctChange("LTFT", date(2025, 1, 1), wte=Decimal("0.5"))
    assert calculate_cct(date(2025, 1, 1), [change]).days_added == [1]


def test_open_ended_ltft_can_start_after_the_original_date_moved_by_earlier_change():
    changes = [
        CctChange("OOPE", date(2025, 1, 1), date(2025, 12, 31)),
        CctChange("LTFT", date(2026, 1, 1), wte=Decimal("0.5")),
    ]
    # CCT 2025-12-31 moves to 2026-12-31 first, so the LTFT has 365 days to stretch.
    result = calculate_cct(date(2025, 12, 31), changes)
    assert result.days_added == [365, 365]
    assert result.cct_date == date(2027, 12, 31)


# --- absences --------------------------------------------------------------------------


def test_oope_for_a_year_adds_the_whole_year():
    change = CctChange("OOPE", date(2025, 1, 1), date(2025, 12, 31))
    result = calculate_cct(date(2027, 8, 3), [change])
    assert result.days_added == [365]
    assert result.cct_date == date(2028, 8, 2)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "LTFT"])
def test_every_absence_kind_adds_its_length(kind):
    change = CctChange(kind, date(2024, 2, 1), date(2024, 2, 29))  # leap-year February
    assert calculate_cct(date(2027, 8, 3), [change]).days_added == [29]


def test_single_day_absence_adds_one_day():
    change = CctChange("SICKNESS", date(2025, 5, 5), date(2025, 5, 5))
    assert calculate_cct(date(2027, 8, 3), [change]).days_added == [1]


def test_rebate_is_taken_off_the_absence():
    change = CctChange("PARENTAL", date(2025, 1, 1), date(2025, 12, 31), rebate_days=Decimal("90"))
    assert calculate_cct(date(2027, 8, 3), [change]).days_added == [275]


def test_fractional_rebate_rounds_half_up():
    change = CctChange("OOPC", date(2025, 1, 1), date(2025, 1, 10), rebate_days=Decimal("2.5"))
    assert calculate_cct(date(2027, 8, 3), [change]).days_added == [8]


def test_rebate_equal_to_the_absence_adds_nothing():
    change = CctChange("OOPP", date(2025, 1, 1), date(2025, 1, 10), rebate_days=Decimal("10"))
    assert calculate_cct(date(2027, 8, 3), [change]).days_added == [0]


def test_mixed_changes_accumulate():
    changes = [
        CctChange("SICKNESS", date(2025, 3, 1), date(2025, 3, 14)),
        ltft(date(2025, 1, 1), date(2025, 12, 31), "0.5"),
    ]
    result = calculate_cct(date(2025, 12, 31), changes)
    assert result.days_added == [183, 14]
    assert result.cct_date == date(2026, 7, 16)


# --- invalid input -----------------------------------------------------------------------

START = date(2025, 1, 1)
END = date(2025, 12, 31)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (CctChange("HOLIDAY", START, END), "Unknown type of change 'HOLIDAY'"),
        (CctChange("ltft", START, END, wte=Decimal("0.5")), "Unknown type of change 'ltft'"),
        (CctChange("LTFT", None, END, wte=Decimal("0.5")), "needs a start date"),
        (CctChange("LTFT", START, "2025-12-31", wte=Decimal("0.5")), "must be a date"),
        (CctChange("LTFT", START, END), "needs the new working percentage"),
        (
            CctChange("LTFT", START, END, wte=Decimal("0.05")),
            r"new working percentage \(wte\) must be between 0\.1 and 1\.0",
        ),
        (
            CctChange("LTFT", START, END, wte=Decimal("1.2")),
            r"new working percentage \(wte\) must be between 0\.1 and 1\.0",
        ),
        (
            CctChange("LTFT", START, END, wte=Decimal("0.5"), current_wte=Decimal("0")),
            r"current working percentage \(current_wte\) must be between",
        ),
        (
            CctChange("LTFT", START, END, wte=Decimal("0.5"), current_wte=Decimal("1.5")),
            r"current working percentage \(current_wte\) must be between",
        ),
        (CctChange("LTFT", START, END, wte="sixty"), "must be a number"),
        (CctChange("LTFT", START, END, wte=Decimal("NaN")), "must be a number"),
        (CctChange("LTFT", START, END, wte=True), "must be a number"),
        (
            CctChange("LTFT", START, END, wte=Decimal("0.5"), rebate_days=Decimal("5")),
            "Rebate days only apply to absences",
        ),
        (
            CctChange("OOPE", START, END, wte=Decimal("0.5")),
            "only applies to less than full time changes",
        ),
        (CctChange("SICKNESS", END, START), "ends .* before it starts"),
        (CctChange("LTFT", END, START, wte=Decimal("0.5")), "ends .* before it starts"),
        (CctChange("UNPAID", START), "absence needs an end date"),
        (
            CctChange("OOPC", START, END, rebate_days=Decimal("-1")),
            "rebate .* cannot be negative",
        ),
        (
            CctChange("PARENTAL", START, END, rebate_days=Decimal("366")),
            "longer than the PARENTAL absence itself",
        ),
        (
            CctChange("LTFT", date(2028, 1, 1), wte=Decimal("0.6")),
            "starts on 2028-01-01, after the expected completion date of 2027-08-03",
        ),
    ],
)
def test_invalid_changes_are_rejected(change, message):
    with pytest.raises(ValueError, match=message):
        calculate_cct(date(2027, 8, 3), [change])


def test_error_messages_are_distinct():
    cases = [
        CctChange("HOLIDAY", START, END),
        CctChange("LTFT", START, END),
        CctChange("LTFT", START, END, wte=Decimal("2")),
        CctChange("LTFT", START, END, wte=Decimal("0.5"), current_wte=Decimal("2")),
        CctChange("LTFT", START, END, wte=Decimal("0.5"), rebate_days=Decimal("1")),
        CctChange("OOPE", START, END, wte=Decimal("0.5")),
        CctChange("OOPE", END, START),
        CctChange("OOPE", START),
        CctChange("OOPE", START, END, rebate_days=Decimal("-1")),
        CctChange("OOPE", START, END, rebate_days=Decimal("400")),
        CctChange("LTFT", date(2028, 1, 1), wte=Decimal("0.6")),
    ]
    messages = set()
    for change in cases:
        with pytest.raises(ValueError) as excinfo:
            calculate_cct(date(2027, 8, 3), [change])
        messages.add(str(excinfo.value))
    assert len(messages) == len(cases)


def test_a_bad_change_anywhere_in_the_list_is_rejected():
    changes = [
        ltft(START, END, "0.5"),
        CctChange("SICKNESS", date(2026, 1, 1)),
    ]
    with pytest.raises(ValueError, match="absence needs an end date"):
        calculate_cct(date(2027, 8, 3), changes)


# --- properties ----------------------------------------------------------------------------


def test_bounded_step_down_adds_between_zero_and_the_period():
    # Skips only this test when hypothesis is missing; a module-level importorskip
    # would skip every example-based test above too.
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")
    wtes = st.integers(min_value=10, max_value=100).map(lambda n: Decimal(n) / 100)
    programme_end = date(2045, 1, 1)

    @hypothesis.given(
        start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
        length=st.integers(min_value=1, max_value=3000),
        pair=st.tuples(wtes, wtes).filter(lambda p: p[0] != p[1]).map(sorted),
    )
    def check(start, length, pair):
        wte, current = pair
        end = start + timedelta(days=length - 1)
        change = CctChange("LTFT", start, end, wte=wte, current_wte=current)
        result = calculate_cct(programme_end, [change])
        (added,) = result.days_added
        assert 0 <= added <= length
        assert result.cct_date == programme_end + timedelta(days=added)

    check()
