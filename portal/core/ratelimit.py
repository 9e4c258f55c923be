"""Per-person limits on costly requests (uploads, exports) and the per-account ceiling on failed
sign-ins, counted in the cache (Redis in production, so every worker shares the counts).

A limit is "at most `count` in any `period` seconds". The period is cut into `SLOTS` slots and
the slots a period can touch are added up, so the ceiling holds over any rolling window, not
only within clock hours (a fixed hourly counter lets twice the limit through across the turn
of the hour). The limits are the `RATE_LIMITS` setting, so a deployment can tune them.

django-ratelimit was considered: it refuses with a 403 (a PermissionDenied) and does not say
when the person may try again, which the page and the `Retry-After` header must.
"""

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

SLOTS = 12


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    period: int

    @property
    def slot(self) -> int:
        return max(1, self.period // SLOTS)


def limit_for(name: str) -> Limit:
    count, period = settings.RATE_LIMITS[name]
    return Limit(name, int(count), int(period))


def _keys(limit: Limit, who: str, now: float) -> list[str]:
    # Hashed, so no email address sits in the cache, and any text makes a valid key.
    digest = hashlib.sha256(str(who).encode()).hexdigest()[:32]
    current = int(now // limit.slot)
    return [f"ratelimit:{limit.name}:{digest}:{i}" for i in range(current - SLOTS, current + 1)]


def wait_seconds(name: str, who: str, *, now: float | None = None) -> int:
    """0 if `who` may do `name` now; otherwise how many seconds until they may."""
    limit = limit_for(name)
    now = time.time() if now is None else now
    keys = _keys(limit, who, now)
    found = cache.get_many(keys)
    counts = [int(found.get(key, 0)) for key in keys]
    if sum(counts) < limit.count:
        return 0
    # Each slot that ends drops the oldest count; the first moment the rest is under the limit.
    current = int(now // limit.slot)
    for dropped in range(1, len(counts) + 1):
        if sum(counts[dropped:]) < limit.count:
            return max(1, math.ceil((current + dropped) * limit.slot - now))
    return limit.period  # pragma: no cover - every count dropped is always under the limit


def record(name: str, who: str, *, now: float | None = None) -> None:
    limit = limit_for(name)
    key = _keys(limit, who, time.time() if now is None else now)[-1]
    # add() then incr(): atomic in Redis, so workers counting at once lose nothing.
    cache.add(key, 0, timeout=limit.period + limit.slot)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=limit.period + limit.slot)


def hit(name: str, who: str) -> int:
    """Count one request if it is allowed; return 0, or the seconds to wait if it is not."""
    wait = wait_seconds(name, who)
    if not wait:
        record(name, who)
    return wait


def try_again_at(wait: int) -> datetime:
    return timezone.localtime() + timedelta(seconds=wait)


def too_many_requests(request, wait: int, *, template="errors/too_many_requests.html", **context):
    """The page that says what was limited and when to try again: HTTP 429 with Retry-After."""
    context.update(try_again_at=try_again_at(wait), minutes=math.ceil(wait / 60))
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


# What each per-person limit tells the person: what they did ("You have uploaded 30 files in
# the last hour"), and what became of the request that was refused.
DOING = {
    "upload": ("uploaded", "file", "The file you just chose was not uploaded."),
    "export": ("asked for", "download", "No file was made for this request."),
}


def per_user_limit(request, name: str):
    """For a view that uploads or exports: None to go ahead (the request is counted), or the
    429 page to return instead."""
    wait = hit(name, f"user:{request.user.pk}")
    if not wait:
        return None
    limit = limit_for(name)
    verb, noun, outcome = DOING[name]
    things = noun if limit.count == 1 else f"{noun}s"
    doing = f"{verb} {limit.count} {things} in {_period(limit)}"
    return too_many_requests(request, wait, doing=doing, outcome=outcome)


def _period(limit: Limit) -> str:
    hours, minutes = divmod(limit.period // 60, 60)
    if hours and not minutes:
        return "the last hour" if hours == 1 else f"the last {hours} hours"
    return f"the last {limit.period // 60} minutes"
