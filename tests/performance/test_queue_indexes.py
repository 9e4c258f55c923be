"""Every queue filter and sort, and the "next meeting due" sort key, can be answered from an
index, so the queues stay fast at national scale.

A test database is too small for PostgreSQL to prefer an index on its own, so each query is
planned with sequential scans priced out (`enable_seqscan = off`): if an index can serve the
filter, the plan then uses it; if none can, the plan still reads the whole table (or walks an
unrelated index end to end), and the test says which. On the full data set the bench shows the
same plans (bench/results.md, "Queue queries under EXPLAIN ANALYZE")."""

import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.applications import seed_scale_applications
from bench.trainees import seed_scale
from portal.accounts.models import Role, User
from portal.core.pagination import DeferredJoin
from requests_ltft.choices import Status
from requests_ltft.models import LtftApplication, OoppApplication
from requests_ltft.selectors.applications import (
    QUEUE_FILTERS,
    QUEUE_SORTS,
    deanery_queue,
    tpd_queue,
)
from returners.selectors import plan_list, supervisee_list_with_plans
from tests.factories import MembershipFactory, ProgrammeFactory, local_office, user_with_role
from tests.performance.conftest import absence_with_plan
from trainees.models import ProgrammeMembership

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def plan_of(sql: str) -> dict:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        found = cursor.fetchone()[0]
    found = json.loads(found) if isinstance(found, str) else found
    return found[0]["Plan"]


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def indexes_of(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


def problems_with(plan: dict, table: str) -> list[str]:
    """How `plan` reads `table` without an index condition, if it does: the whole table, or
    the whole of one of its indexes."""
    found = []
    indexes = indexes_of(table)
    for node in nodes(plan):
        kind = node.get("Node Type", "")
        if node.get("Relation Name") == table and kind == "Seq Scan":
            found.append("reads the whole table")
        if node.get("Index Name") in indexes and not node.get("Index Cond"):
            found.append(f"walks the whole of {node['Index Name']}")
    return found


@pytest.fixture
def national():
    """A few hundred trainees spread over every office's programmes, as at national scale:
    a programme is a small slice of the applications, so PostgreSQL's statistics make the
    programme the selective condition (the bench has the full-size data set)."""
    seed_scale(600, lambda done, total: None)
    seed_scale_applications(3000, lambda done, total: None)
    memberships = list(
        ProgrammeMembership.objects.filter(trainee__user__email__startswith="scale-trainee-")
    )
    statuses = [Status.SUBMITTED, Status.TPD_SUPPORTED, Status.APPROVED, Status.WITHDRAWN]
    OoppApplication.objects.bulk_create(
        OoppApplication(
            trainee_id=m.trainee_id,
            programme_id=m.programme_id,
            status=statuses[index % len(statuses)],
            submitted_at=timezone.now(),
            start_date=timezone.localdate(),
        )
        for index, m in enumerate(memberships)
    )
    with connection.cursor() as cursor:
        for model in (LtftApplication, OoppApplication):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    tpd = User.objects.filter(email__startswith="scale-tpd-").order_by("email").first()
    deanery = user_with_role(Role.Kind.DEANERY, local_office("HENW"))
    return {"tpd": (tpd_queue, tpd), "deanery": (deanery_queue, deanery)}


def test_every_queue_filter_and_sort_is_answered_through_an_index(national):
    """The count and the page's keys of every queue, filter, sort and kind of application (the
    page's 25 rows are then fetched by primary key)."""
    found = []
    for which, (queue, user) in national.items():
        for status_filter in QUEUE_FILTERS[which]:
            for sort in QUEUE_SORTS:
                for model in (LtftApplication, OoppApplication):
                    rows = DeferredJoin(
                        queue(user=user, status_filter=status_filter, sort=sort, model=model)
                    )
                    with CaptureQueriesContext(connection) as captured:
                        rows.count()
                        # The keys of the first page, as the page query's subquery picks them.
                        list(rows.keys.values_list("pk", flat=True)[:25])
                    table = model._meta.db_table
                    for what, query in zip(("count", "page keys"), captured[-2:], strict=True):
                        for problem in problems_with(plan_of(query["sql"]), table):
                            found.append(
                                f"{which} {status_filter} by {sort}, {table} {what}: {problem}"
                            )
    assert not found, "\n".join(found)


def test_the_next_meeting_due_is_found_through_an_index():
    """The supervisor's home and the plan list sort on each plan's next meeting due: an index
    probe per plan (its three meetings), not a walk through every pending meeting."""
    supervisor = user_with_role(Role.Kind.SUPERVISOR)
    deanery = user_with_role(Role.Kind.DEANERY, local_office("HENW"))
    programme = ProgrammeFactory(local_office=local_office("HENW"))
    others = ProgrammeFactory(local_office=local_office("HEYHD"))
    absence_with_plan(
        MembershipFactory(programme=programme, educational_supervisor=supervisor),
        starts_in_days=10,
    )
    for index in range(150):  # everyone else's plans, so a plan is a small slice
        absence_with_plan(MembershipFactory(programme=others), starts_in_days=index)
    with connection.cursor() as cursor:
        for table in ("returners_meeting", "returners_returnplan", "returners_absence"):
            cursor.execute(f"ANALYZE {table}")
    for queryset in (supervisee_list_with_plans(user=supervisor), plan_list(user=deanery)):
        with CaptureQueriesContext(connection) as captured:
            list(queryset)
        plan = plan_of(captured[0]["sql"])
        assert not problems_with(plan, "returners_meeting"), problems_with(
            plan, "returners_meeting"
        )
