"""What the LTFT and OOPP sections count and export the same way (docs/rules.md §10): the
events every application can have, its history in the two periods, and the first columns of
its row-level export."""

from django.db.models import Q

from portal.reports.exports import sql
from portal.reports.sections.base import Column, RowExport, Section
from portal.reports.sections.common import MEMBERSHIP, application_membership, either_period, within
from requests_ltft.choices import Status

# (key, label, transition). Each happens at most once to an application, so their history rows
# are counted as they are, far cheaper than COUNT(DISTINCT).
APPLICATION_EVENTS = [
    ("received", "Applications received", "submit"),
    ("approved", "Approved", "approve"),
    ("rejected", "Rejected", "reject"),
    ("withdrawn", "Withdrawn", "withdraw"),
]


def application_history(status_changes, filters):
    """The kind's history rows in either period, with the membership the groups read."""
    return (
        status_changes.objects.filter(filters.application_q("application__"))
        .filter(either_period(filters))
        .annotate(**{MEMBERSHIP: application_membership("application__")})
    )


def application_rows(applications, status_changes, filters, *, also=None):
    """Applications with anything in their history in the period (moved on, decided,
    withdrawn or returned), or matching `also`."""
    in_period = status_changes.objects.filter(within(filters.period)).values("application_id")
    return (
        applications.objects.filter(filters.application_q())
        .filter(Q(pk__in=in_period) | (also or Q()))
        .annotate(**{MEMBERSHIP: application_membership()})
        .order_by("created_at", "id")
    )


# Every value is finished in SQL (labels, dates, formula escaping): see exports/sql.py. Text
# that anyone could have typed or stored (names, codes kept as free strings) is escaped;
# numbers, dates and fixed labels cannot start a formula.
APPLICATION_COLUMNS = [
    Column("Reference", sql.text("id")),
    Column("Local office", sql.formula_safe("programme__local_office__name")),
    Column("Specialty", sql.formula_safe("programme__specialty__name")),
    Column("Programme", sql.formula_safe("programme__name")),
    Column("Grade", sql.formula_safe(f"{MEMBERSHIP}__grade__code")),
    Column("Status", sql.labelled("status", dict(Status.choices))),
    Column("Last submitted", sql.local_date("submitted_at")),
    Column("Decided", sql.local_date("decided_at")),
    Column("Short notice", sql.yes_no("short_notice")),
]


def application_section(key, title, *, compute, export_label, columns, rows, models) -> Section:
    """A kind's section: its figures, one row-level export of its applications, and the
    tables whose writes make its cached figures stale."""
    return Section(
        key=key,
        title=title,
        is_available=lambda: True,
        compute=compute,
        row_exports=[RowExport(key, export_label, columns, rows)],
        invalidated_by=models,
    )
