"""How long before (or after) a deadline each reminder goes out.

One dict of defaults, explained in docs/rules.md §9. A deployment may override any of them in
settings, for every local office (`REMINDER_THRESHOLDS = {"tpd_nudge_working_days": 4}`) or for
one (`REMINDER_THRESHOLDS_BY_OFFICE = {"HENW": {"tpd_nudge_working_days": 3}}`, keyed by the
local office code). A local office's deanery sets its own values in the portal
(`OfficeThreshold`, see portal/notifications/office_settings.py), and those come first.
`threshold()` is the one place to read any of them from; rules do not change.

Names say their unit. Unknown names raise KeyError: a typo must not silently mean "never".
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from portal.notifications.models import OfficeThreshold

DEFAULTS: dict[str, int] = {
    # LTFT/OOPP waiting on the TPD: nudge, then escalate to the deanery (docs/rules.md §9).
    "tpd_nudge_working_days": 5,
    "tpd_escalation_working_days": 10,
    # Waiting on the deanery: triage, then the dean's decision, due 12 weeks before the start
    # so the employer gets its notice (docs/rules.md §1, §9).
    "deanery_triage_working_days": 5,
    "dean_decision_weeks_before_start": 12,
    "dean_decision_reminder_working_days_before": 5,
    # A draft whose start date is getting too close for its notice period: warn this many
    # working days before the last day it could be submitted with full notice (§6 #1, #8).
    "draft_notice_warning_working_days": 10,
    # SuppoRTT meetings (docs/rules.md §6, §9): remind before the due date, flag after it.
    "supportt_meeting_reminder_days_before": 14,
    "supportt_pre_return_reminder_weeks_before_return": 12,
    "supportt_overdue_grace_days": 0,
    # The returners' survey (docs/rules.md §14): invited this long after the return, reminded
    # once, closed when it has been open this long.
    "supportt_survey_weeks_after_return": 12,
    "supportt_survey_reminder_weeks": 2,
    "supportt_survey_open_weeks": 6,
    # OOPP ending: confirm the intended return 6 months ahead; prompt the pre-return meeting
    # 12 weeks ahead (docs/rules.md §9).
    "oopp_return_confirmation_weeks_before_end": 26,
    "oopp_pre_return_prompt_weeks_before_end": 12,
    # How long an escalation or overdue flag that could not go out on its day (worker down, no
    # one to receive it yet) is still sent. Past this it is dropped: it bounds what a sweep
    # reads, and a rule switched on for the first time does not flood people about old cases.
    "reminder_catch_up_days": 14,
}

# The offices' own values are read for every row of a sweep: one query fills the shared cache,
# which a change empties (after its commit, so no process caches the old values again). The
# timeout only bounds how long a cache emptied by hand elsewhere could serve stale values.
CACHE_KEY = "notifications:office-thresholds"
CACHE_SECONDS = 300


def _office_code(local_office) -> str | None:
    if local_office is None:
        return None
    return getattr(local_office, "code", local_office)


def office_values_load() -> dict[str, dict[str, int]]:
    """Read every office's own values (one query) into the cache. The sweep starts with this,
    so each run uses what the database holds then, at the same cost whatever ran before."""
    values: dict[str, dict[str, int]] = {}
    rows = OfficeThreshold.objects.values_list("local_office__code", "name", "value")
    for code, name, value in rows:
        values.setdefault(code, {})[name] = value
    cache.set(CACHE_KEY, values, CACHE_SECONDS)
    return values


def _office_values() -> dict[str, dict[str, int]]:
    values = cache.get(CACHE_KEY)
    return office_values_load() if values is None else values


def forget_office_values() -> None:
    """After an office's values change: empty the cache now, for this transaction's reads, and
    again after the commit, in case another process refilled it with the old values."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def threshold(name: str, *, local_office=None) -> int:
    """The value of `name` for a local office (a LocalOffice or its code): the office's own,
    else the deployment's, else the national default."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown reminder threshold {name!r}")
    code = _office_code(local_office)
    if code is not None:
        own = _office_values().get(code, {})
        if name in own:
            return own[name]
        by_office = getattr(settings, "REMINDER_THRESHOLDS_BY_OFFICE", {}) or {}
        if name in by_office.get(code, {}):
            return by_office[code][name]
    overrides = getattr(settings, "REMINDER_THRESHOLDS", {}) or {}
    return overrides.get(name, DEFAULTS[name])


def threshold_values(name: str) -> set[int]:
    """Every value `name` takes in some local office. A rule that must query before it knows
    the office uses min()/max() of these for its widest window, then `threshold()` per row."""
    by_office = getattr(settings, "REMINDER_THRESHOLDS_BY_OFFICE", {}) or {}
    values: Iterable[int] = (
        threshold(name),
        *(office[name] for office in by_office.values() if name in office),
        *(office[name] for office in _office_values().values() if name in office),
    )
    return set(values)
