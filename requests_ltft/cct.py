"""Indicative CCT (completion date) recalculation for LTFT changes and absences.

Pure Python on purpose: the rules are in docs/rules.md §4 and are easier to
check against the NHSE fixtures without a database. Any date worked out here is
provisional; the ARCP panel confirms the real one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

LTFT = "LTFT"
KINDS: tuple[str, ...] = ("LTFT", "OOPP", "OOPE", "OOPC", "SICKNESS", "PARENTAL", "UNPAID")

MIN_WTE = Decimal("0.1")
MAX_WTE = Decimal("1")


@dataclass(frozen=True)
class CctChange:
    kind: str
    start: date
    end: date | None = None
    wte: Decimal | None = None
    current_wte: Decimal = Decimal("1")
    rebate_days: Decimal = Decimal("0")


@dataclass(frozen=True)
class CctResult:
    cct_date: date
    days_added: list[int]


def round_half_up(value: Decimal) -> int:
    """Round to whole days with halves going away from zero (2.5 -> 3, -2.5 -> -3).

    The NHSE engine uses JavaScript's Math.round; Python's round() would send 182.5
    to 182 (banker's rounding) and disagree with the published fixtures.
    """
    return int(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _decimal(value: object, label: str) -> Decimal:
    # str() first so that a float such as 0.6 becomes Decimal("0.6"), not its binary
    # approximation, which could tip a .5 the wrong way when rounding.
    if isinstance(value, bool):
        raise ValueError(f"The {label} must be a number.")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValueError(f"The {label} must be a number, not {value!r}.") from None
    if not number.is_finite():
        raise ValueError(f"The {label} must be a number, not {value!r}.")
    return number


def _wte(value: object, label: str) -> Decimal:
    number = _decimal(value, label)
    if not MIN_WTE <= number <= MAX_WTE:
        raise ValueError(
            f"The {label} must be between 0.1 and 1.0 (10% to 100% of full time), not {number}."
        )
    return number


def _inclusive_days(start: date, end: date) -> int:
    # Training periods count both the first and the last day.
    return (end - start).days + 1


def _check_basics(change: CctChange) -> None:
    if change.kind not in KINDS:
        raise ValueError(
            f"Unknown type of change {change.kind!r}; expected one of {', '.join(KINDS)}."
        )
    if not isinstance(change.start, date):
        raise ValueError(f"The {change.kind} change needs a start date.")
    if change.end is not None and not isinstance(change.end, date):
        raise ValueError(f"The end of the {change.kind} change must be a date.")
    if change.end is not None and change.end < change.start:
        raise ValueError(
            f"The {change.kind} period ends ({change.end}) before it starts ({change.start})."
        )


def _ltft_days(change: CctChange, cct: date) -> Decimal:
    if change.wte is None:
        raise ValueError("A less than full time change needs the new working percentage (wte).")
    wte = _wte(change.wte, "new working percentage (wte)")
    current = _wte(change.current_wte, "current working percentage (current_wte)")
    if _decimal(change.rebate_days, "rebate") != 0:
        raise ValueError("Rebate days only apply to absences, not to a less than full time change.")
    if change.end is not None:
        days = Decimal(_inclusive_days(change.start, change.end))
        return days - days * wte / current
    # Until completion: the remaining training is itself worked part time, so the whole
    # remainder is stretched. Using the bounded formula up to the old CCT would under-count.
    if change.start > cct:
        raise ValueError(
            f"A less than full time change lasting until completion starts on {change.start}, "
            f"after the expected completion date of {cct}; give it an end date or an "
            "earlier start."
        )
    remaining = Decimal(_inclusive_days(change.start, cct))
    return remaining * current / wte - remaining


def _absence_days(change: CctChange) -> Decimal:
    if change.wte is not None:
        raise ValueError(
            f"A working percentage (wte) only applies to less than full time changes, "
            f"not to {change.kind}."
        )
    if change.end is None:
        raise ValueError(f"The {change.kind} absence needs an end date.")
    rebate = _decimal(change.rebate_days, "rebate")
    if rebate < 0:
        raise ValueError(f"The rebate for the {change.kind} absence cannot be negative.")
    days = _inclusive_days(change.start, change.end)
    if rebate > days:
        raise ValueError(
            f"The rebate ({rebate} days) is longer than the {change.kind} absence itself "
            f"({days} days)."
        )
    return days - rebate


def calculate_cct(programme_end: date, changes: Sequence[CctChange]) -> CctResult:
    """Work out a provisional CCT date after LTFT changes and absences.

    Changes are applied in start-date order (equal starts keep the order given), each one
    moving the date on from where the previous one left it:

    * bounded LTFT: adds D - D * wte / current_wte, D being the days in the period;
    * LTFT with no end date (until completion): stretches the days left to the current
      CCT date by current_wte / wte;
    * any absence: adds its length less ``rebate_days``.

    Day counts include both the start and the end date and each addition is rounded half
    up. Moving up to a higher percentage for a bounded period gives a negative number
    (time saved). Raises ValueError, with a message a trainee can read, on bad input.
    """
    # Check every change before sorting so a missing date reads as a ValueError, not a
    # TypeError from comparing None with a date.
    for change in changes:
        _check_basics(change)
    cct = programme_end
    days_added: list[int] = []
    # sorted() is stable, so changes starting on the same day keep the caller's order.
    for change in sorted(changes, key=lambda c: c.start):
        extra = _ltft_days(change, cct) if change.kind == LTFT else _absence_days(change)
        added = round_half_up(extra)
        cct += timedelta(days=added)
        days_added.append(added)
    return CctResult(cct_date=cct, days_added=days_added)
