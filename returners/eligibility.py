"""Who gets a return plan, and how much enhanced supervision they are offered (docs/rules.md §6
and §8). Pure functions of dates and numbers."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from portal.core.dates import add_months

PLAN_THRESHOLD_MONTHS = 3


def needs_plan(starts_on: date, expected_return_on: date) -> bool:
    """An absence of 3 months or more, whatever the reason, gets a return plan."""
    return expected_return_on >= add_months(starts_on, PLAN_THRESHOLD_MONTHS)


def enhanced_supervision_days_for(wte: Decimal, full_time_days: int) -> int:
    """Enhanced supervision days pro rata for whole-time equivalent `wte` (0.8 of 10 is 8)."""
    days = (Decimal(full_time_days) * Decimal(wte)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(1, int(days))
