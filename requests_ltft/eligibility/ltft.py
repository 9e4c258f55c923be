"""LTFT eligibility, notice and the provisional CCT date (docs/rules.md §1, §2 and §4), as
plain functions shared by forms, services and reports."""

from datetime import date, timedelta
from decimal import Decimal

from requests_ltft.cct import CctChange, calculate_cct
from requests_ltft.choices import (
    REASONS_NEEDING_EVIDENCE,
    STANDARD_PERCENTS,
    LtftReason,
)

MIN_PERCENT = 20
VISA_MIN_PERCENT = 80


def percent_problem(*, current: int, proposed: int) -> str | None:
    if not MIN_PERCENT <= proposed <= 100:
        return "Enter a percentage between 20 and 100"
    if proposed == current:
        return f"Your proposed hours must differ from your current {current}%"
    return None


def start_problem(*, start: date, completion: date) -> str | None:
    """A change must start while the trainee is still training (§2)."""
    if start >= completion:
        return (
            f"The start date must be before your completion date, {completion:%-d %B %Y}. "
            "If your completion date is wrong, contact your local office."
        )
    return None


def approved_change_problem(*, start: date, approved_starts) -> str | None:
    """A new change builds on the approved ones (§4), so it starts after the last of them:
    one starting before would overlap a change already decided."""
    clashing = [day for day in approved_starts if start <= day]
    if not clashing:
        return None
    return (
        f"Your approved change starts on {max(clashing):%-d %B %Y}, so a new change must start "
        "after it. Choose a later start date, or ask your local office to change the approved "
        "one."
    )


def is_bespoke(percent: int) -> bool:
    return percent not in STANDARD_PERCENTS


def notice_deadline(*, weeks: int, on: date) -> date:
    """The earliest start date that gives the full notice period from `on`."""
    return on + timedelta(weeks=weeks)


def is_short_notice(*, start: date, weeks: int, on: date) -> bool:
    return start < notice_deadline(weeks=weeks, on=on)


def visa_blocks(*, visa: bool | None, percent: int | None) -> bool:
    return bool(visa) and percent is not None and percent < VISA_MIN_PERCENT


def provisional_cct(
    *, cct_date: date, current_percent: int, proposed_percent: int, start: date, end: date | None
) -> date:
    change = CctChange(
        kind="LTFT",
        start=start,
        end=end,
        wte=_wte(proposed_percent),
        current_wte=_wte(current_percent),
    )
    return calculate_cct(cct_date, [change]).cct_date


def _wte(percent: int) -> Decimal:
    return Decimal(percent) / 100


def submission_problems(application, *, today: date, notice_weeks: int) -> list[tuple[str, str]]:
    """Everything that stops this application being submitted, as (page, message) pairs."""
    problems = []
    if application.proposed_percent is None or application.start_date is None:
        problems.append(("change", "Enter your proposed working hours and start date"))
    else:
        if message := percent_problem(
            current=application.current_percent, proposed=application.proposed_percent
        ):
            problems.append(("change", message))
        if application.start_date < today:
            problems.append(("change", "The start date must be today or in the future"))
        if application.end_date is not None and application.end_date <= application.start_date:
            problems.append(("change", "The end date must be after the start date"))
        if is_short_notice(start=application.start_date, weeks=notice_weeks, on=today) and not (
            application.exceptional_reason and application.exceptional_explanation.strip()
        ):
            problems.append(
                (
                    "notice",
                    "Your start date is less than "
                    f"{notice_weeks} weeks away: choose an exceptional reason and explain it",
                )
            )
    if not application.reasons:
        problems.append(("reasons", "Select at least one reason for applying"))
    if LtftReason.OTHER in application.reasons and not application.reason_other.strip():
        problems.append(("reasons", "Describe your other reason for applying"))
    if not application.supporting_information.strip():
        problems.append(("reasons", "Enter your supporting information"))
    if not (application.tpd_name.strip() and application.tpd_email.strip()):
        problems.append(
            ("discussions", "Enter the name and email of the TPD you discussed this with")
        )
    if application.skilled_worker_visa is None:
        problems.append(("visa", "Tell us whether you hold a Skilled Worker visa"))
    needing = REASONS_NEEDING_EVIDENCE & set(application.reasons)
    if needing and not application.evidence.exists():
        problems.append(("evidence", "Upload evidence for the reasons you chose"))
    return problems
