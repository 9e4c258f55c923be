"""OOPP eligibility and notice (docs/rules.md §1 and §3), as pure functions shared by forms,
services and pages. Each refusal is one sentence that says what is wrong and what to do about it."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from portal.core.dates import add_months
from requests_ltft.cct import CctChange, calculate_cct
from requests_ltft.eligibility.ltft import start_problem

MAX_MONTHS = 12
MIN_MONTHS_LEFT_AFTER_RETURN = 6
FOUNDATION = "FOUNDATION"


@dataclass(frozen=True)
class Period:
    """Something else the trainee is committed to: another OOP, an absence or an LTFT change."""

    label: str
    start: date
    last_day: date | None  # None: it runs until the trainee completes training


def dated(day: date) -> str:
    return f"{day:%-d %B %Y}"


def grade_problem(grade) -> str | None:
    """The first year of specialty training must be complete: no F1/F2, no ST1/CT1/IMT1/GPST1."""
    if grade.level == FOUNDATION:
        return (
            f"You are in {grade.code}, a foundation year. An OOPP is open once you have completed "
            "the first year of specialty training, so apply when you are in ST2, CT2 or above."
        )
    if grade.year <= 1:
        following = re.sub(r"\d+$", "", grade.code) + "2"
        return (
            f"You are in {grade.code}, the first year of your training. An OOPP is open once you "
            f"have completed it, so apply when you are in {following} or above."
        )
    return None


def arcp_problem(outcome) -> str | None:
    """`outcome` is the latest ARCP outcome code, or None when there has been no ARCP yet (then
    one is expected and the reviewers are told, but the trainee may apply)."""
    if outcome is None or outcome.oopp_eligible:
        return None
    return (
        f"Your latest ARCP outcome is {outcome.code} ({outcome.description.lower()}). An OOPP "
        "needs outcome 1, 10.1 or 10.2, so talk to your TPD about a provisional OOPP at your next "
        "ARCP."
    )


def post_problem(*, secured: bool) -> str | None:
    if secured:
        return None
    return (
        "You need a confirmed post before you apply for an OOPP. Apply once the employer has "
        "offered you the post, and attach the offer or confirmation."
    )


def start_problems(*, grade, outcome, post_secured: bool) -> list[str]:
    """What stops a trainee starting an application at all."""
    checks = [grade_problem(grade), arcp_problem(outcome), post_problem(secured=post_secured)]
    return [message for message in checks if message]


def last_day(return_date: date) -> date:
    """The pause runs up to the day before the trainee is back."""
    return return_date - timedelta(days=1)


def latest_return(start: date) -> date:
    return add_months(start, MAX_MONTHS)


def length_problem(*, start: date, return_date: date) -> str | None:
    if return_date <= latest_return(start):
        return None
    return (
        f"Your pause would run from {dated(start)} until you return on {dated(return_date)}, "
        f"more than 12 months. An OOPP can last at most 12 months, so return on or before "
        f"{dated(latest_return(start))}."
    )


def earliest_start(*, months: int, on: date) -> date:
    """The first start date that gives the local office's full notice from `on`."""
    return add_months(on, months)


def is_short_notice(*, start: date, months: int, on: date) -> bool:
    return start < earliest_start(months=months, on=on)


def notice_problem(
    *, start: date, months: int, on: date, exceptional_reason: str, explanation: str
) -> str | None:
    if not is_short_notice(start=start, months=months, on=on):
        return None
    if exceptional_reason and explanation.strip():
        return None
    return (
        f"Your start date is less than {months} months away: start on or after "
        f"{dated(earliest_start(months=months, on=on))}, or choose an exceptional reason and "
        "explain it."
    )


def overlap_problem(*, start: date, return_date: date, others: Iterable[Period]) -> str | None:
    """The pause must not overlap another OOP, an absence or an LTFT change."""
    end = last_day(return_date)
    for other in others:
        if other.last_day is None:
            # Hours changed "until completion" become the trainee's working pattern, which a
            # pause interrupts and which resumes after it: only a change starting during the
            # pause clashes with it.
            clash = start <= other.start <= end
        else:
            clash = other.start <= end and other.last_day >= start
        if clash:
            when = (
                f"{dated(other.start)} to {dated(other.last_day)}"
                if other.last_day
                else f"from {dated(other.start)} until you complete training"
            )
            return (
                f"These dates overlap {other.label} ({when}). Choose "
                "dates that do not overlap it, or ask for that to be changed or withdrawn first."
            )
    return None


def provisional_cct(
    *, cct_date: date, start: date, return_date: date, rebate_days: int = 0
) -> date:
    """The completion date with the whole pause added, less any days the ARCP recognises."""
    return calculate_cct(cct_date, [_change(start, return_date, rebate_days)]).cct_date


def days_added(*, cct_date: date, start: date, return_date: date, rebate_days: int = 0) -> int:
    return calculate_cct(cct_date, [_change(start, return_date, rebate_days)]).days_added[0]


def _change(start: date, return_date: date, rebate_days: int) -> CctChange:
    return CctChange(
        kind="OOPP", start=start, end=last_day(return_date), rebate_days=Decimal(rebate_days)
    )


def little_training_left(*, return_date: date, cct_with_pause: date) -> bool:
    return cct_with_pause < add_months(return_date, MIN_MONTHS_LEFT_AFTER_RETURN)


def remaining_warning(*, return_date: date, cct_with_pause: date) -> str | None:
    if not little_training_left(return_date=return_date, cct_with_pause=cct_with_pause):
        return None
    return (
        f"Less than 6 months of training would remain after you return on {dated(return_date)}: "
        f"your provisional completion date would be {dated(cct_with_pause)}. You can still apply; "
        "your TPD and the deanery will check the timing with you."
    )


def dates_problems(
    *,
    start: date,
    end: date,
    return_date: date,
    today: date,
    others: Iterable[Period],
    completion: date,
) -> list[tuple[str, str]]:
    """The checks on the dates page itself (notice has a page of its own), as (field, message)
    pairs so the page can show each message beside its date."""
    if start <= today:
        return [("start_date", "The start date must be in the future")]
    # The same rule as an LTFT change: a pause starts while the trainee is still training (§2).
    if message := start_problem(start=start, completion=completion):
        return [("start_date", message)]
    if end <= start:
        return [("end_date", "The end date must be after the start date")]
    if return_date <= end:
        return [("intended_return_date", "The return date must be after the end date")]
    problems = []
    if message := length_problem(start=start, return_date=return_date):
        problems.append(("intended_return_date", message))
    if message := overlap_problem(start=start, return_date=return_date, others=others):
        problems.append(("start_date", message))
    return problems


def submission_problems(
    application,
    *,
    today: date,
    notice_months: int,
    grade,
    outcome,
    others: Iterable[Period],
    has_confirmation: bool,
    completion: date,
) -> list[tuple[str | None, str]]:
    """Everything that stops this application being submitted, as (page, message) pairs; the
    page is None for the eligibility rules no page of the form can change."""
    problems: list[tuple[str | None, str]] = [
        (None, message) for message in (grade_problem(grade), arcp_problem(outcome)) if message
    ]
    if not (application.start_date and application.end_date and application.intended_return_date):
        problems.append(("dates", "Enter the start, end and return dates of your pause"))
    else:
        problems += [
            ("dates", message)
            for _field, message in dates_problems(
                start=application.start_date,
                end=application.end_date,
                return_date=application.intended_return_date,
                today=today,
                others=others,
                completion=completion,
            )
        ]
        notice = notice_problem(
            start=application.start_date,
            months=notice_months,
            on=today,
            exceptional_reason=application.exceptional_reason,
            explanation=application.exceptional_explanation,
        )
        if notice:
            problems.append(("notice", notice))
    if not (
        application.post_title.strip()
        and application.post_employer.strip()
        and application.post_location.strip()
    ):
        problems.append(("post", "Enter the post title, employer and location of your post"))
    if not application.post_supervisor_name.strip():
        problems.append(("post", "Enter the name of your supervisor in the post"))
    if not application.scope_of_practice.strip():
        problems.append(("practice", "Describe your intended scope of practice"))
    if not application.capabilities_to_gain.strip():
        problems.append(("practice", "Describe the capabilities you expect to gain"))
    if not application.plan_for_return.strip():
        problems.append(("practice", "Describe your plan for returning to training"))
    if not application.indemnity.strip():
        problems.append(("indemnity", "Describe your indemnity arrangements for the post"))
    if not has_confirmation:
        problems.append(
            ("confirmation", "Attach the job offer or confirmation of your post from the employer")
        )
    return problems
