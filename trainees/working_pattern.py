"""The trainee's working pattern on any date: their whole-time equivalent and provisional
completion date, approved changes that have not started yet included (docs/rules.md §4).
Every calculation that depends on the hours worked on a date reads them here.

The changes come from the apps above this one (an approved LTFT application lives in
`requests_ltft`): each registers a source in a `working_pattern` module beside its models,
found as `home` and `report` modules are, so this layer never imports them."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.core.registry import AppRegistry


@dataclass(frozen=True)
class PatternChange:
    """A change of hours decided for a membership: `wte` from `start` (to `end`, both days
    included, or until completion when `end` is None); `wte_before` outside it.
    `completion_after` is the provisional completion date once it applies, for a change that
    has not yet moved the membership's own date, else None."""

    start: date
    end: date | None
    wte: Decimal
    wte_before: Decimal
    completion_after: date | None = None

    @property
    def percent(self) -> int:
        return int(self.wte * 100)


# memberships -> (membership, change) for each decided change among them, in one query
Source = Callable[[list], list[tuple[object, PatternChange]]]
registry: AppRegistry[Source] = AppRegistry("working_pattern", "working pattern sources")


def register_source(name: str, source: Source) -> Source:
    return registry.add(name, source)


def with_working_patterns(memberships) -> list:
    """The memberships, each knowing its decided changes: one query per source for a whole
    page of them, in start-date order (docs/rules.md §4: changes apply in that order)."""
    memberships = list(memberships)
    found = {membership.pk: [] for membership in memberships}
    for source in registry.entries():
        for membership, change in source(memberships):
            found[membership.pk].append(change)
    for membership in memberships:
        membership.__dict__["_pattern_changes"] = sorted(
            found[membership.pk], key=lambda change: change.start
        )
    return memberships


def pattern_changes(membership) -> list[PatternChange]:
    if "_pattern_changes" not in membership.__dict__:
        with_working_patterns([membership])
    return membership.__dict__["_pattern_changes"]


def wte_on(membership, day: date) -> Decimal:
    """The whole-time equivalent the trainee works on `day`."""
    wte = membership.wte
    for change in pattern_changes(membership):
        if change.start <= day and (change.end is None or day <= change.end):
            wte = change.wte
        elif change.start <= day and change.end is not None and day > change.end:
            wte = change.wte_before
    return wte


def completion_date(membership) -> date:
    """The provisional completion date with every approved change applied."""
    moved = [c.completion_after for c in pattern_changes(membership) if c.completion_after]
    return moved[-1] if moved else membership.cct_date


def upcoming_change(membership, *, today: date) -> PatternChange | None:
    """The next approved change that has not started yet, to show the trainee."""
    return next((c for c in pattern_changes(membership) if c.start > today), None)
