"""Query helpers shared by the sections.

A section's counts come from one grouped query: grouped by local office, specialty and grade,
with every count for both periods as a filtered aggregate. The section figures and the three
breakdowns are then sums over those groups in Python. That is exact because each row counted
(an application, a plan) belongs to exactly one group, and the number of groups is bounded by
programmes × grades, not by the data, so memory and the query count stay fixed.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, FilteredRelation, Q

from portal.reports.periods import Period
from portal.reports.sections.base import Breakdown, BreakdownRow, Cell, Figure


def within(period: Period, field: str = "created_at") -> Q:
    return Q(**{f"{field}__gte": period.start_at, f"{field}__lt": period.end_before})


def within_dates(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def either_period(filters, field: str = "created_at", *, dates: bool = False) -> Q:
    test = within_dates if dates else within
    return test(filters.period, field) | test(filters.previous, field)


def json_list_has(path: str, code: str) -> Q:
    """A JSON list of codes at `path` holds `code`. PostgreSQL tests containment natively;
    SQLite has no JSON containment, so the quoted code is matched in the stored text there
    (the codes are fixed and none is part of another). Needs `<path>_text` annotated on
    SQLite (see `json_text`)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{path}__contains": [code]})
    return Q(**{f"{path.replace('__', '_')}_text__contains": f'"{code}"'})


def json_text(path: str) -> dict:
    """The annotation `json_list_has` needs on SQLite (nothing on PostgreSQL)."""
    if connection.vendor == "postgresql":
        return {}
    from django.db.models import TextField
    from django.db.models.functions import Cast

    return {f"{path.replace('__', '_')}_text": Cast(path, TextField())}


MEMBERSHIP = "report_membership"


def application_membership(prefix: str = "") -> FilteredRelation:
    """The membership an application belongs to (one per trainee and programme), as a join.
    A join, not a subquery per row: at 600,000 history rows the difference is seconds."""
    # Through the programme (already joined for the office and specialty), not the trainee,
    # which would add a join on the trainee table for nothing.
    path = f"{prefix}programme__memberships"
    return FilteredRelation(path, condition=Q(**{f"{path}__trainee": F(f"{prefix}trainee")}))


GROUPS = ("office", "specialty", "grade", "grade_sort")


def grouped_counts(
    queryset,
    *,
    filters,
    conditions: dict[str, tuple[Q, str | None]],
    groups: dict[str, object],
    time_field: str = "created_at",
    dates: bool = False,
) -> list[dict]:
    """One row per (office, specialty, grade) with `<name>_current` and `<name>_previous` for
    each condition: name → (condition, field counted distinctly, or None to count rows, which
    is much cheaper when each thing can only happen once), optionally followed by its own
    test of "in the period" (`period → Q`) when it is not `time_field`'s."""
    test = within_dates if dates else within
    aggregates = {}
    for name, (condition, counted, *own) in conditions.items():
        for when, period in filters.periods.items():
            in_period = own[0](period) if own else test(period, time_field)
            aggregates[f"{name}_{when}"] = Count(
                counted or "pk", distinct=counted is not None, filter=condition & in_period
            )
    return list(queryset.values(**groups).annotate(**aggregates).order_by())


def totals(rows: list[dict], names) -> dict[str, int]:
    """The section-wide counts: sums over the groups."""
    summed = defaultdict(int)
    for row in rows:
        for name in names:
            for when in ("current", "previous"):
                summed[f"{name}_{when}"] += row[f"{name}_{when}"]
    return {f"{n}_{w}": summed[f"{n}_{w}"] for n in names for w in ("current", "previous")}


DIMENSIONS = [
    ("office", "By local office", "Local office", "office", "office"),
    ("specialty", "By specialty", "Specialty", "specialty", "specialty"),
    ("grade", "By grade", "Grade", "grade", "grade_sort"),
]


def breakdowns(
    rows: list[dict], *, measures: list[tuple[str, str]], figures: dict[str, Figure]
) -> list[Breakdown]:
    """Breakdowns by office, specialty and grade from the grouped rows. `figures` are the
    section totals each column adds up to (for secondary suppression)."""
    result = []
    for key, title, dimension, label_field, sort_field in DIMENSIONS:
        summed: dict = {}
        order: dict = {}
        for row in rows:
            label = row[label_field] or "Not recorded"
            cells = summed.setdefault(label, defaultdict(int))
            order[label] = row[sort_field] if row[sort_field] is not None else 10_000
            for name, _label in measures:
                for when in ("current", "previous"):
                    cells[f"{name}_{when}"] += row[f"{name}_{when}"]
        body = []
        for label in sorted(summed, key=lambda item: (order[item], item)):
            cells = {
                name: (
                    Cell(summed[label][f"{name}_current"]),
                    Cell(summed[label][f"{name}_previous"]),
                )
                for name, _label in measures
            }
            if any(c.value for pair in cells.values() for c in pair):
                body.append(BreakdownRow(str(label), cells))
        result.append(Breakdown(key, title, dimension, list(measures), body, figures))
    return result


def application_groups(prefix: str) -> dict:
    """The grouping columns for rows reached from an application through `prefix`; needs
    `MEMBERSHIP` annotated with `application_membership(prefix)`."""
    return {
        "office": F(f"{prefix}programme__local_office__name"),
        "specialty": F(f"{prefix}programme__specialty__name"),
        "grade": F(f"{MEMBERSHIP}__grade__code"),
        "grade_sort": F(f"{MEMBERSHIP}__grade__sort_order"),
    }


def membership_groups(prefix: str) -> dict:
    """The grouping columns for rows reached from a programme membership through `prefix`."""
    return {
        "office": F(f"{prefix}programme__local_office__name"),
        "specialty": F(f"{prefix}programme__specialty__name"),
        "grade": F(f"{prefix}grade__code"),
        "grade_sort": F(f"{prefix}grade__sort_order"),
    }
