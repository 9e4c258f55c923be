"""The OOPP eligibility rules as pure functions: each refusal is its own sentence."""

from datetime import date
from types import SimpleNamespace

import pytest

from requests_ltft.eligibility import oopp as rules
from requests_ltft.eligibility.oopp import Period


def grade(code, level, year):
    return SimpleNamespace(code=code, level=level, year=year)


def outcome(code, eligible, description="Satisfactory progress"):
    return SimpleNamespace(code=code, oopp_eligible=eligible, description=description)


@pytest.mark.parametrize(
    ("code", "level", "year", "says"),
    [
        ("F1", "FOUNDATION", 1, "You are in F1, a foundation year"),
        ("F2", "FOUNDATION", 2, "You are in F2, a foundation year"),
        ("ST1", "SPECIALTY", 1, "apply when you are in ST2 or above"),
        ("CT1", "CORE", 1, "apply when you are in CT2 or above"),
        ("IMT1", "CORE", 1, "apply when you are in IMT2 or above"),
        ("GPST1", "GP", 1, "apply when you are in GPST2 or above"),
    ],
)
def test_the_first_year_of_specialty_training_must_be_complete(code, level, year, says):
    assert says in rules.grade_problem(grade(code, level, year))


@pytest.mark.parametrize("code", ["ST2", "CT2", "IMT3", "GPST2", "ST8"])
def test_second_year_and_above_may_apply(code):
    level = {"S": "SPECIALTY", "C": "CORE", "I": "CORE", "G": "GP"}[code[0]]
    assert rules.grade_problem(grade(code, level, int(code[-1]))) is None


def test_an_arcp_outcome_other_than_1_or_10_is_refused_with_what_to_do():
    message = rules.arcp_problem(outcome("3", False, "Inadequate progress, extra time needed"))
    assert message.startswith("Your latest ARCP outcome is 3 (inadequate progress")
    assert "needs outcome 1, 10.1 or 10.2" in message
    assert "talk to your TPD" in message


@pytest.mark.parametrize("latest", [None, outcome("1", True), outcome("10.2", True)])
def test_outcome_1_10_or_none_yet_is_allowed(latest):
    assert rules.arcp_problem(latest) is None


def test_a_post_must_be_secured():
    assert "You need a confirmed post" in rules.post_problem(secured=False)
    assert rules.post_problem(secured=True) is None


def test_at_most_12_months():
    start = date(2027, 3, 1)
    assert rules.length_problem(start=start, return_date=date(2028, 3, 1)) is None
    message = rules.length_problem(start=start, return_date=date(2028, 4, 1))
    assert "at most 12 months" in message
    assert "return on or before 1 March 2028" in message


def test_notice_is_counted_in_months_from_today():
    today = date(2026, 11, 22)
    assert rules.earliest_start(months=3, on=today) == date(2027, 2, 22)
    assert rules.is_short_notice(start=date(2027, 2, 21), months=3, on=today)
    assert not rules.is_short_notice(start=date(2027, 2, 22), months=3, on=today)


def test_short_notice_needs_an_exceptional_reason_and_an_explanation():
    today = date(2026, 11, 22)
    short = {"start": date(2027, 1, 22), "months": 3, "on": today}
    message = rules.notice_problem(**short, exceptional_reason="", explanation="")
    assert message == (
        "Your start date is less than 3 months away: start on or after 22 February 2027, or "
        "choose an exceptional reason and explain it."
    )
    assert rules.notice_problem(**short, exceptional_reason="BULLYING", explanation=" ")
    assert (
        rules.notice_problem(**short, exceptional_reason="BULLYING", explanation="I must leave")
        is None
    )


def test_overlaps_name_what_they_overlap():
    start, back = date(2027, 3, 1), date(2027, 9, 1)
    other = Period("your other OOPP", date(2027, 8, 31), date(2027, 12, 31))
    message = rules.overlap_problem(start=start, return_date=back, others=[other])
    assert message.startswith("These dates overlap your other OOPP (31 August 2027 to 31 December")
    after = Period("your parental leave", date(2027, 9, 1), date(2027, 12, 31))
    assert rules.overlap_problem(start=start, return_date=back, others=[after]) is None


def test_hours_changed_until_completion_clash_only_if_they_start_during_the_pause():
    start, back = date(2027, 3, 1), date(2027, 9, 1)
    before = Period("your change to 80% of full time", date(2026, 1, 1), None)
    during = Period("your change to 80% of full time", date(2027, 5, 1), None)
    assert rules.overlap_problem(start=start, return_date=back, others=[before]) is None
    message = rules.overlap_problem(start=start, return_date=back, others=[during])
    assert "(from 1 May 2027 until you complete training)" in message


def test_the_pause_is_added_to_the_cct_date_in_full_less_recognised_days():
    cct = date(2029, 8, 1)
    start, back = date(2027, 3, 1), date(2027, 9, 1)  # 184 days out
    assert rules.days_added(cct_date=cct, start=start, return_date=back) == 184
    assert rules.provisional_cct(cct_date=cct, start=start, return_date=back) == date(2030, 2, 1)
    with_credit = rules.provisional_cct(cct_date=cct, start=start, return_date=back, rebate_days=90)
    assert with_credit == date(2029, 11, 3)


def test_a_warning_not_a_block_when_less_than_6_months_remain():
    back = date(2027, 9, 1)
    warning = rules.remaining_warning(return_date=back, cct_with_pause=date(2028, 2, 1))
    assert warning.startswith("Less than 6 months of training would remain")
    assert rules.remaining_warning(return_date=back, cct_with_pause=date(2028, 3, 1)) is None


def test_the_dates_page_points_each_message_at_its_date():
    today = date(2026, 11, 22)

    def check(**dates):
        return rules.dates_problems(completion=date(2031, 8, 1), **dates)

    assert check(
        start=today, end=date(2027, 1, 1), return_date=date(2027, 1, 2), today=today, others=[]
    ) == [("start_date", "The start date must be in the future")]
    assert check(
        start=date(2027, 3, 1),
        end=date(2027, 3, 1),
        return_date=date(2027, 3, 2),
        today=today,
        others=[],
    ) == [("end_date", "The end date must be after the start date")]
    assert check(
        start=date(2027, 3, 1),
        end=date(2027, 5, 1),
        return_date=date(2027, 5, 1),
        today=today,
        others=[],
    ) == [("intended_return_date", "The return date must be after the end date")]


def test_a_pause_starting_after_the_completion_date_is_refused_as_an_ltft_change_is():
    """Issue 15 item 8: the start must fall while the trainee is still training (§2)."""
    problems = rules.dates_problems(
        start=date(2099, 9, 1),
        end=date(2099, 12, 31),
        return_date=date(2100, 1, 1),
        today=date(2026, 11, 22),
        others=[],
        completion=date(2031, 8, 1),
    )
    assert problems == [
        (
            "start_date",
            "The start date must be before your completion date, 1 August 2031. "
            "If your completion date is wrong, contact your local office.",
        )
    ]
