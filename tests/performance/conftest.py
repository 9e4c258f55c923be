"""Helpers for the query budgets (15 a page, bench/results.md): a page's SQL is counted through the
whole middleware stack, and must be the same with 1 row as with 50."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from returners.models import Absence, AbsenceReason
from returners.services.plans import return_plan_create

# The ceiling for any page: session, user, roles, second factor, the page's own
# queries, the header's unread count and the session save, all included.
BUDGET = 15

# Transaction control is not a query of the page: ATOMIC_REQUESTS adds BEGIN/COMMIT (or
# savepoints inside a test's transaction), and a server-side cursor (a form's choices) is
# opened with DECLARE, which is counted, then read with FETCH and CLOSE, which are not.
_NOT_QUERIES = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "FETCH", "CLOSE")


@dataclass
class Measured:
    statements: list[str]
    response: object

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def text(self) -> str:
        return self.response.content.decode()


def measure(client, url: str, **params) -> Measured:
    """One GET, after a first one that warms what a second visit would not repeat."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    statements = [q["sql"] for q in captured if not q["sql"].startswith(_NOT_QUERIES)]
    return Measured(statements, response)


def assert_same_for_1_and_50(one: Measured, fifty: Measured, budget: int = BUDGET) -> None:
    listing = "\n".join(f"  {sql[:160]}" for sql in fifty.statements)
    assert one.count == fifty.count, (
        f"{one.count} queries for 1 row but {fifty.count} for 50: an N+1.\n{listing}"
    )
    assert fifty.count <= budget, f"{fifty.count} queries, over the budget of {budget}:\n{listing}"


def absence_with_plan(membership, *, starts_in_days: int, length_days: int = 200) -> Absence:
    """An absence with its return plan and three meetings, written directly (the services'
    overlap and timing rules have their own tests)."""
    starts = timezone.localdate() + timedelta(days=starts_in_days)
    absence = Absence.objects.create(
        membership=membership,
        reason=AbsenceReason.SICKNESS,
        starts_on=starts,
        expected_return_on=starts + timedelta(days=length_days),
        planned=True,
        logged_on=starts - timedelta(days=100),
        logged_by_system="tests",
    )
    return_plan_create(absence=absence)
    return absence
