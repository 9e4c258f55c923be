"""How the report's cached figures and reference lists stay true to the data.

Each is cached under a key that holds a version number kept in the cache itself. Any write to
something they read moves the number on, so the next reader finds no entry and works them out
afresh; entries under an old number are never asked for again and their timeout removes them.
Two numbers: the reference lists (offices, specialties, grades, programmes) change a few times
a year, the rest (applications, their history, absences, memberships) all day. Figures read
both, so their key holds both.
"""

import time

from django.core.cache import cache
from django.db import transaction

FIGURES = "reports:version:figures"
REFERENCE = "reports:version:reference"


def _seed() -> int:
    # Nanoseconds, not 1: when the number is lost (evicted, cache flushed) it must not start
    # again at a value that entries written before the loss are still cached under.
    return time.time_ns()


def _versions(*keys: str) -> list[int]:
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            seed = _seed()
            # Whoever adds first wins; everyone else uses the number that was kept.
            found[key] = seed if cache.add(key, seed, timeout=None) else cache.get(key, seed)
    return [found[key] for key in keys]


def report_data_versions() -> tuple[int, int]:
    """(figures, reference), read in one round trip."""
    figures, reference = _versions(FIGURES, REFERENCE)
    return figures, reference


def report_data_version() -> str:
    """The version figures are cached under: both numbers."""
    return "{}.{}".format(*report_data_versions())


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        # Not there (evicted, or never read yet): any new number will do.
        cache.set(key, _seed(), timeout=None)


def report_data_changed(*, reference: bool = False) -> None:
    """Something the report reads has changed: the next reader works the figures out again.
    `reference` for offices, specialties, grades and programmes: the lists move on, and the
    figures with them (their version includes the reference number).

    Moved on after the commit, not before: a reader who saw the new number before the change
    was committed would cache figures without it under that number. robust: the write has
    already been committed, so a cache that cannot be reached must not fail the request; the
    entries' timeout bounds how long old figures are then shown."""
    key = REFERENCE if reference else FIGURES
    transaction.on_commit(lambda: _bump(key), robust=True)
