"""Transition tables: which move goes from where to where, who may make it, and what it needs.

One table per application type; the engine in `services.py` is shared by all of them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

SYSTEM = "SYSTEM"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]  # "OWNER", "TPD", "SUPERVISOR", "DEANERY" or SYSTEM
    label: str  # what the button says, and what the history says happened
    reason_required: bool = False
    new_revision: bool = False
    snapshot: bool = False


@dataclass
class TransitionTable:
    transitions: Iterable[Transition]
    by_name: dict[str, Transition] = field(init=False)

    def __post_init__(self):
        self.transitions = tuple(self.transitions)
        self.by_name = {t.name: t for t in self.transitions}

    def __getitem__(self, name: str) -> Transition:
        return self.by_name[name]

    def available(self, status: str, roles: set[str]) -> list[Transition]:
        """The moves these roles could make from this status (for showing buttons)."""
        return [t for t in self.transitions if status in t.sources and t.actors & roles]

    def edges(self) -> list[tuple[str, str, str]]:
        return [(s, t.target, t.name) for t in self.transitions for s in sorted(t.sources)]
