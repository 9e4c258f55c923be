"""The rolling window behind every per-person limit (portal.core.ratelimit)."""

import pytest

from portal.core import ratelimit

HOUR = 60 * 60
# 10:55 on some day, in seconds since the epoch: five minutes before the turn of an hour.
FIVE_TO = 1_796_000_000 - 1_796_000_000 % HOUR + 55 * 60


@pytest.fixture(autouse=True)
def _three_an_hour(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": (3, HOUR)}


def test_the_limit_holds_across_the_turn_of_the_hour():
    """A counter per clock hour would allow 3 at 10:55 and 3 more at 11:05."""
    for _ in range(3):
        ratelimit.record("upload", "someone", now=FIVE_TO)
    assert ratelimit.wait_seconds("upload", "someone", now=FIVE_TO + 10 * 60) > 0


def test_the_wait_ends_about_an_hour_after_the_attempts_that_filled_it():
    for _ in range(3):
        ratelimit.record("upload", "someone", now=FIVE_TO)
    wait = ratelimit.wait_seconds("upload", "someone", now=FIVE_TO)
    # Counted in slots of 5 minutes, so never more than a slot later than an exact hour.
    assert HOUR <= wait <= HOUR + HOUR // ratelimit.SLOTS
    assert ratelimit.wait_seconds("upload", "someone", now=FIVE_TO + wait - 1) > 0
    assert ratelimit.wait_seconds("upload", "someone", now=FIVE_TO + wait) == 0


def test_under_the_limit_nobody_waits_and_people_are_counted_apart():
    for _ in range(2):
        ratelimit.record("upload", "someone", now=FIVE_TO)
    assert ratelimit.wait_seconds("upload", "someone", now=FIVE_TO) == 0
    ratelimit.record("upload", "someone", now=FIVE_TO)
    assert ratelimit.wait_seconds("upload", "someone else", now=FIVE_TO) == 0
