"""Reminders and escalations: a registry of rules and the daily sweep that runs them.

Writing a rule
--------------
Put rules in a ``reminders.py`` module of your app (it is found automatically). A rule is a
class with a stable ``name`` and a ``reminders(today=...)`` method that yields a
:class:`Reminder` for each message that is due on ``today`` *or earlier*::

    from portal.core.workingdays import add_working_days
    from portal.notifications.reminders import Reminder, ReminderRule, register
    from portal.notifications.thresholds import threshold, threshold_values


    @register
    class LtftTpdNudge(ReminderRule):
        name = "ltft.tpd_nudge"          # part of the once-only key: never rename a live rule

        def reminders(self, *, today):
            # One query, with everything the template needs, no matter how many trainees.
            # Query the widest window any office could use, then apply each office's own value.
            earliest = min(threshold_values("tpd_nudge_working_days"))
            waiting = LtftRequest.objects.filter(
                status="SUBMITTED", submitted_on__lte=add_working_days(today, -earliest)
            ).select_related("programme__local_office", "trainee__user")
            for request in waiting:
                days = threshold("tpd_nudge_working_days",
                                 local_office=request.programme.local_office)
                due_on = add_working_days(request.submitted_on, days)
                yield Reminder(
                    obj=request,
                    due_on=due_on,                     # the key: (rule, object, due_on)
                    send_on=due_on,                    # not before this day (default due_on)
                    to={Audience.TPD: list(request.programme.tpds.all())},  # prefetch these
                    notice="ltft_tpd_nudge",           # notifications/email/ltft_tpd_nudge/tpd.txt
                    context={"request": request},
                    link_path=f"/applications/{request.public_id}/",
                )

The sweep then sends each reminder **at most once per rule, object and due date**: it inserts a
:class:`~portal.notifications.models.ReminderSent` row whose unique constraint is that key, in
the same transaction as the outbox rows, and skips any reminder whose key is already there.
Running the sweep twice, or in two processes at once, sends nothing twice. A resubmitted
application gets a new due date, so its nudge goes again; the same due date never does.

- *Not before its time*: a reminder with ``send_on`` after today is ignored (so a rule may
  yield a whole window and let the sweep hold back the early ones).
- *Catch-up*: yield reminders due "on or before today", not "exactly today". The sweep runs on
  working days only (weekends and England's bank holidays are skipped, nobody is nagged on
  Christmas Day), and a day it missed is caught up on the next run.
- *Stale*: set ``stale_after`` when a late reminder is pointless (a "meeting coming up" note
  after the meeting's due date, when the overdue rule has taken over).
- *Escalation* is another rule (another name), usually with the same due date and a later
  ``send_on``, and other recipients.
- *No recipients* (a programme without a TPD yet): nothing is sent or recorded, a warning is
  logged, and the reminder goes on the first run after someone is there to receive it.
- Thresholds come from :mod:`portal.notifications.thresholds`; add new names there.
- Templates render when the sweep runs; ``due_on`` and ``rule_name`` are added to the context.

Testing a rule: build the data, then ``reminders_send_due(today=..., rules=[MyRule()])`` under
time-machine and assert on ``Notification`` rows (see tests/notifications).
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import ClassVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from portal.core.workingdays import is_working_day
from portal.notifications.audiences import Audience
from portal.notifications.models import Notification, ReminderSent
from portal.notifications.services import addressed, build_notifications, kick_sender_on_commit
from portal.notifications.thresholds import office_values_load

log = logging.getLogger(__name__)

# Reminders written per transaction: a few queries per batch, not per reminder.
BATCH_SIZE = 500


@dataclass(frozen=True)
class Reminder:
    """One message a rule wants sent about `obj` for the deadline `due_on`."""

    obj: models.Model
    due_on: date
    to: Mapping[Audience, Sequence]  # the recipients by audience, as `notify` takes them
    notice: str
    context: Mapping = field(default_factory=dict)
    link_path: str = ""
    send_on: date | None = None  # the first day it may go out; `due_on` when not given
    stale_after: date | None = None  # the last day it is worth sending; no limit when not given

    @property
    def object_type(self) -> str:
        return self.obj._meta.label_lower

    @property
    def object_id(self) -> str:
        return str(self.obj.pk)

    @property
    def addressed(self) -> list:
        return addressed(self.to)

    def is_sendable(self, today: date) -> bool:
        if (self.send_on or self.due_on) > today:
            return False
        return self.stale_after is None or today <= self.stale_after


class ReminderRule:
    """Base class for a rule; see the module docstring."""

    name: ClassVar[str] = ""

    def reminders(self, *, today: date) -> Iterable[Reminder]:
        raise NotImplementedError


class ReminderRulesFailed(Exception):
    """Raised after the sweep when a rule raised: the others still ran."""


_registry: dict[str, ReminderRule] = {}
_discovered = False


def register(rule_class: type[ReminderRule]) -> type[ReminderRule]:
    """Class decorator: add a rule to the daily sweep."""
    name = rule_class.name
    if not name or len(name) > ReminderSent._meta.get_field("rule").max_length:
        raise ValueError(f"{rule_class.__name__} needs a short, stable `name`.")
    existing = _registry.get(name)
    if existing is not None and type(existing).__qualname__ != rule_class.__qualname__:
        raise ValueError(f"Two reminder rules are called {name!r}.")
    _registry[name] = rule_class()
    return rule_class


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registered_rules() -> list[ReminderRule]:
    """Every registered rule, after importing each installed app's `reminders` module."""
    global _discovered
    if not _discovered:
        autodiscover_modules("reminders")
        _discovered = True
    return list(_registry.values())


def reminders_send_due(
    *, today: date | None = None, rules: Iterable[ReminderRule] | None = None
) -> dict[str, int]:
    """Run each rule (all registered ones unless `rules` is given) and queue what is due.

    Returns how many reminders each rule sent. Does nothing on weekends and bank holidays.
    A rule that raises is logged and the others still run; the sweep then raises
    ReminderRulesFailed so the failure shows in the worker's logs.
    """
    today = today or timezone.localdate()
    if not is_working_day(today):
        log.info("Reminders: %s is not a working day; nothing sent", today)
        return {}
    office_values_load()
    sent: dict[str, int] = {}
    failed: list[str] = []
    for rule in registered_rules() if rules is None else rules:
        try:
            sent[rule.name] = _run_rule(rule, today)
        except Exception:
            log.exception("Reminder rule %s failed", rule.name)
            failed.append(rule.name)
    if failed:
        raise ReminderRulesFailed(f"Reminder rules failed: {', '.join(failed)}; sent {sent}")
    log.info("Reminders for %s: %s", today, sent)
    return sent


def _run_rule(rule: ReminderRule, today: date) -> int:
    due = (r for r in rule.reminders(today=today) if r.is_sendable(today))
    sent = 0
    while batch := list(islice(due, BATCH_SIZE)):
        sent += _send_batch(rule, batch)
    return sent


def _key(reminder: Reminder) -> tuple[str, str, date]:
    return reminder.object_type, reminder.object_id, reminder.due_on


def _send_batch(rule: ReminderRule, batch: list[Reminder]) -> int:
    # Drop what the ledger already has (one query), and repeats within the batch.
    already = set(
        ReminderSent.objects.filter(
            rule=rule.name,
            object_type__in={r.object_type for r in batch},
            object_id__in={r.object_id for r in batch},
            due_on__in={r.due_on for r in batch},
        ).values_list("object_type", "object_id", "due_on")
    )
    fresh: dict[tuple, Reminder] = {}
    for reminder in batch:
        key = _key(reminder)
        if key in already or key in fresh:
            continue
        if not reminder.addressed:
            log.warning("Reminder %s for %s has no recipients yet; will try again", rule.name, key)
            continue
        fresh[key] = reminder
    if not fresh:
        return 0

    with transaction.atomic():
        entries = _record(rule, list(fresh.values()))
        rows = []
        for entry, reminder in entries:
            for audience, recipient in reminder.addressed:
                rows += build_notifications(
                    recipient=recipient,
                    audience=audience,
                    notice=reminder.notice,
                    context={**reminder.context, "due_on": reminder.due_on, "rule_name": rule.name},
                    link_path=reminder.link_path,
                    # The ledger row is new, so these keys are too; they guard against anything
                    # else writing the same reminder.
                    dedupe_key=f"reminder:{entry.pk}",
                )
        Notification.objects.bulk_create(rows, batch_size=1000)
        if rows:
            kick_sender_on_commit()
    return len(entries)


def _record(rule: ReminderRule, reminders: list[Reminder]) -> list[tuple[ReminderSent, Reminder]]:
    """Insert the ledger rows; only reminders whose row this call inserted may be sent."""
    entries = [
        ReminderSent(
            rule=rule.name,
            object_type=r.object_type,
            object_id=r.object_id,
            due_on=r.due_on,
            recipient_count=len(r.addressed),
        )
        for r in reminders
    ]
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(entries, batch_size=1000)
        return list(zip(entries, reminders, strict=True))
    except IntegrityError:
        # Another sweep inserted some of these after we looked (on PostgreSQL our insert
        # waited for its commit). Fall back to one row at a time: the losers are skipped.
        pass
    won = []
    for entry, reminder in zip(entries, reminders, strict=True):
        entry.pk = None
        try:
            with transaction.atomic():
                entry.save(force_insert=True)
        except IntegrityError:
            continue
        won.append((entry, reminder))
    return won
