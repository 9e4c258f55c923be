"""The lists the report page shows besides its figures: the offices, specialties, grades and
programmes to filter by, and the office table with its counts. Read from the database they
cost four queries a visit, so they are cached until something in them changes (freshness.py,
and the receivers in apps.py)."""

import time
from dataclasses import dataclass

from django.core.cache import cache

from portal.reports.freshness import report_data_versions
from trainees.models import Grade, LocalOffice, Programme, Specialty
from trainees.selectors import office_summary

# Bumped when the cached shape changes, so a deploy never reads entries pickled by the last one.
FORMAT = 1
# Backstops only, for writes that send no signal (QuerySet.update, bulk_create). The lists
# are written that way only by the seed commands, so they keep longer: each miss is 3 queries.
LISTS_TIMEOUT = 60 * 60
OFFICES_TIMEOUT = 15 * 60


@dataclass
class ReferenceLists:
    # With programme_count and trainee_count (trainees.selectors.office_summary), by name.
    offices: list[LocalOffice]
    specialties: list[Specialty]
    grades: list[Grade]
    programmes: list[Programme]

    def offices_in(self, scope: tuple[int, ...] | None) -> list[LocalOffice]:
        """The offices a reader with `scope` (see filters.office_scope) may report on."""
        return [o for o in self.offices if scope is None or o.pk in scope]

    def programmes_in(self, scope: tuple[int, ...] | None) -> list[Programme]:
        return [p for p in self.programmes if scope is None or p.local_office_id in scope]


def _lists() -> dict:
    return {
        "specialties": list(Specialty.objects.order_by("name", "pk")),
        "grades": list(Grade.objects.order_by("sort_order", "pk")),
        "programmes": list(Programme.objects.order_by("name", "pk")),
    }


def _offices() -> list[LocalOffice]:
    return sorted(office_summary(), key=lambda office: (office.name, office.pk))


# The last lists this process read, by kind: {kind: (key, expires at, value)}. Unpickling a
# thousand programmes on every visit took longer than drawing the page; what is under a key
# never changes (the key holds the version), so a process may keep it until the key moves on
# or the backstop timeout passes.
_held: dict[str, tuple[str, float, object]] = {}


def forget_held_lists() -> None:
    """Drop what this process holds (tests: a rolled-back database outlives no cache)."""
    _held.clear()


def _read(kind: str, key: str, make, timeout: int):
    held = _held.get(kind)
    if held and held[0] == key and held[1] > time.monotonic():
        return held[2]
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, timeout)
    _held[kind] = (key, time.monotonic() + timeout, value)
    return value


def report_reference() -> ReferenceLists:
    """Two entries: the office table counts memberships, which change with every new trainee,
    so it follows the figures' version, while the other lists keep until one of them changes.
    A new trainee then costs one query, not four."""
    figures, reference = report_data_versions()
    lists = _read("lists", f"reports:lists:{FORMAT}:{reference}", _lists, LISTS_TIMEOUT)
    offices = _read(
        "offices", f"reports:offices:{FORMAT}:{figures}.{reference}", _offices, OFFICES_TIMEOUT
    )
    return ReferenceLists(offices=offices, **lists)
