"""How long records are kept, and the job that removes what has expired (ASVS 14.2.7; the
Records Management Code of Practice sets the period per record type, so each type has its own
setting; docs/rules.md §12).

Each app keeps the rules for its own records in a `retention` module, found automatically as
`reminders` modules are, and registers them here: a `RetentionRule` removes expired records
one at a time, a `BulkRetentionRule` removes everything older than the period at once. This
module knows no record type but the audit log's own.

The clock for a trainee's records starts when they leave the programme the records belong to
(`ProgrammeMembership.end_date`): nothing about someone still in a programme ever expires, and
a programme with no end date recorded never starts the clock. Every type defaults to 6 years
after leaving; `settings.RETENTION_YEARS` overrides any of them, for example::

    RETENTION_YEARS = {"supportt_absence": 6, "notification": 2}

``audit_event`` is ``None`` by default, meaning the audit log is kept. Audit rows are never
touched by the other rules: each removal writes its own ``retention.*`` row, and the rows about
a removed record stay, naming it by type and id.

Rules run in their `order`, lowest first, so a record runs after those that point at it (an
OOPP application before the absence it points at, both before the trainee). Each record is
removed in its own transaction, so one failure does not stop the others, and a run handles at
most `limit` records of each type; the next run carries on. Running it twice, or in two places
at once, removes each record once (rows are locked, and a row already gone is skipped).
"""

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.core.registry import AppRegistry

log = logging.getLogger(__name__)

JOB = "retention"
DEFAULT_LIMIT = 500


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class RetentionResult:
    removed: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: str, record_type: str, n: int = 1) -> None:
        target = getattr(self, bucket)
        target[record_type] = target.get(record_type, 0) + n

    def as_dict(self) -> dict:
        return {"removed": self.removed, "kept": self.kept, "failed": self.failed}


@dataclass(frozen=True)
class _Rule:
    """What every rule has: the record type it removes (the key of `RETENTION_YEARS`), its
    place in the run and its period when the settings do not name one."""

    record_type: str
    order: int
    default_years: int | None = field(default=6, kw_only=True)

    def run(self, result: RetentionResult, *, today: date, years: int, limit: int) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class RetentionRule(_Rule):
    """Records of one type, removed one at a time. `expired(today=, years=)` returns the
    records past their period, in a stable order; `remove(record, years=)` removes one, or
    returns False when it has gone already or must wait."""

    expired: Callable
    remove: Callable[..., bool]

    def run(self, result: RetentionResult, *, today: date, years: int, limit: int) -> None:
        for record in self.expired(today=today, years=years)[:limit]:
            try:
                done = self.remove(record, years=years)
            except Exception:  # one record's problem must not stop the rest; it is logged
                log.exception("Retention: could not remove %s %s", self.record_type, record.pk)
                result.count("failed", self.record_type)
                continue
            result.count("removed" if done else "kept", self.record_type)


@dataclass(frozen=True)
class BulkRetentionRule(_Rule):
    """Rows of `model` removed together once older than the period, counted from when they
    were written. `remove_before(cutoff=, limit=)` deletes them and returns how many; the rule
    audits the removal in the same transaction."""

    model: type
    remove_before: Callable[..., int]

    def run(self, result: RetentionResult, *, today: date, years: int, limit: int) -> None:
        cutoff = _start_of(years_before(today, years))
        with transaction.atomic():
            removed = self.remove_before(cutoff=cutoff, limit=limit)
            if removed:
                audit_record(
                    action="retention.delete",
                    system=JOB,
                    object_type=self.model._meta.label_lower,
                    detail={"record_type": self.record_type, "years": years, "count": removed},
                )
        if removed:
            result.count("removed", self.record_type, removed)


registry: AppRegistry[_Rule] = AppRegistry("retention", "retention rules")


def register(rule: _Rule) -> _Rule:
    """Add a rule to the retention job (an app's `retention` module calls this when imported)."""
    return registry.add(rule.record_type, rule)


def retention_rules() -> list[_Rule]:
    """Every registered rule, in the order they run."""
    return sorted(registry.entries(), key=lambda rule: rule.order)


def default_years() -> dict[str, int | None]:
    return {rule.record_type: rule.default_years for rule in retention_rules()}


def retention_years() -> dict[str, int | None]:
    configured = getattr(settings, "RETENTION_YEARS", {}) or {}
    defaults = default_years()
    unknown = set(configured) - set(defaults)
    if unknown:
        raise ValueError(f"RETENTION_YEARS names unknown record types: {sorted(unknown)}")
    return {**defaults, **configured}


def kept_while_still_needed(remove: Callable[..., bool]) -> Callable[..., bool]:
    """Wrap a removal so that, when a record of another app still points at what it deletes
    through a protecting foreign key (an OOPP application at its absence, an application at
    its trainee), everything it did is undone and the record is kept (False) until that other
    record has gone. A rule waits for other apps' records this way without naming them."""

    @functools.wraps(remove)
    def removal(*args, **kwargs) -> bool:
        try:
            with transaction.atomic():
                return remove(*args, **kwargs)
        except (ProtectedError, RestrictedError):
            return False

    return removal


def retention_apply_due(*, today: date | None = None, limit: int = DEFAULT_LIMIT) -> dict:
    """Remove everything past its retention period on `today`. Returns what was done."""
    today = today or timezone.localdate()
    years = retention_years()
    result = RetentionResult()
    for rule in retention_rules():
        if years[rule.record_type] is not None:
            rule.run(result, today=today, years=years[rule.record_type], limit=limit)
    if result.removed or result.failed:
        log.info("Retention: %s", result.as_dict())
    return result.as_dict()


# The audit log's own rule ------------------------------------------------------------------------


def _remove_audit_events(*, cutoff: datetime, limit: int) -> int:
    deleted, _ = AuditEvent.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted


register(
    BulkRetentionRule(
        "audit_event",
        order=100,
        model=AuditEvent,
        remove_before=_remove_audit_events,
        default_years=None,
    )
)
