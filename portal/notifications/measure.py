"""How much the daily reminder sweep costs: SQL queries and seconds, rule by rule.

Used by `python -m bench.sweep` (on the scale data set) and by the test that pins
the number of queries as the number of trainees grows. Each rule is run on its own, exactly as
the sweep runs it. Its queries are counted twice over: all of them, and the *reads*, those run
while its `reminders()` produces rows. Reads must not depend on the number of rows; the writes
are the framework's, a few per batch of reminders (and more INSERT statements on SQLite, which
caps the parameters of one statement).
"""

import time
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.notifications.reminders import ReminderRule, registered_rules, reminders_send_due


@dataclass(frozen=True)
class RuleCost:
    rule: str
    sent: int
    queries: int
    reads: int
    seconds: float


class _Counted(ReminderRule):
    """A rule as it is, counting the queries that run while its reminders are produced."""

    def __init__(self, rule: ReminderRule):
        self.rule = rule
        self.name = rule.name
        self.reads = 0
        self._reading = False

    def count(self, execute, sql, params, many, context):
        if self._reading:
            self.reads += 1
        return execute(sql, params, many, context)

    def reminders(self, *, today):
        produced = iter(self.rule.reminders(today=today))
        while True:
            self._reading = True
            try:
                reminder = next(produced)
            except StopIteration:
                return
            finally:
                self._reading = False
            yield reminder


def measure_sweep(*, today: date, rules=None) -> list[RuleCost]:
    """Run each rule (every registered one unless given) for `today`; what each cost."""
    costs = []
    for rule in registered_rules() if rules is None else rules:
        counted = _Counted(rule)
        with (
            CaptureQueriesContext(connection) as captured,
            connection.execute_wrapper(counted.count),
        ):
            started = time.perf_counter()
            sent = reminders_send_due(today=today, rules=[counted]).get(rule.name, 0)
            seconds = time.perf_counter() - started
        costs.append(
            RuleCost(rule.name, sent, len(captured.captured_queries), counted.reads, seconds)
        )
    return costs
