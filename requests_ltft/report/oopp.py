"""The OOPP section of the quarterly report (docs/rules.md §10): applications, approvals,
pauses started, active at the end of the period, returns, median length and the days
recognised at ARCP.

Like LTFT, what happened to an application counts in the period it happened in (from the
status history). Returns and recognitions count by their own dates: the return date the
deanery recorded, and when the ARCP recognition was recorded.
"""

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum

from portal.reports.aggregates import Median
from portal.reports.exports import sql
from portal.reports.sections import register_section
from portal.reports.sections.base import (
    DAYS,
    Cell,
    Column,
    Figure,
    FigureTable,
    SectionReport,
    count_figure,
)
from portal.reports.sections.common import (
    application_groups,
    breakdowns,
    grouped_counts,
    totals,
    within,
    within_dates,
)
from requests_ltft.choices import Status
from requests_ltft.models import OoppApplication, OoppStatusChange
from requests_ltft.report.applications import (
    APPLICATION_COLUMNS,
    APPLICATION_EVENTS,
    application_history,
    application_rows,
    application_section,
)

# (key, label, transition): each happens at most once to an application, so rows are counted.
EVENTS = [*APPLICATION_EVENTS, ("started", "Pauses started", "activate")]
STARTED = [Status.ACTIVE, Status.RETURNED, Status.COMPLETED]


def _events(filters) -> tuple[dict, list[dict]]:
    history = application_history(OoppStatusChange, filters)
    conditions = {key: (Q(transition=transition), None) for key, _l, transition in EVENTS}
    rows = grouped_counts(
        history, filters=filters, conditions=conditions, groups=application_groups("application__")
    )
    return totals(rows, conditions), rows


def _pauses(filters) -> dict:
    """Active at the end, returned, median length and recognition, for both periods, in one
    query over the applications."""
    length = ExpressionWrapper(
        F("actual_return_date") - F("start_date"), output_field=DurationField()
    )
    aggregates = {}
    for when, period in filters.periods.items():
        returned = within_dates(period, "actual_return_date")
        recognised = within(period, "recognition_recorded_at")
        aggregates |= {
            f"active_{when}": Count(
                "pk",
                filter=Q(status__in=STARTED, start_date__lte=period.end)
                & (Q(actual_return_date__isnull=True) | Q(actual_return_date__gt=period.end)),
            ),
            f"returned_{when}": Count("pk", filter=returned),
            f"length_{when}": Median(length, filter=returned),
            f"recognised_{when}": Count("pk", filter=recognised),
            f"recognised_days_{when}": Sum("recognised_days", filter=recognised, default=0),
        }
    return OoppApplication.objects.filter(filters.application_q()).aggregate(**aggregates)


def compute(filters) -> SectionReport:
    counts, groups = _events(filters)
    pauses = _pauses(filters)
    counts |= {k: v for k, v in pauses.items() if not k.startswith("length_")}
    applications = FigureTable(
        "applications",
        "Applications and pauses",
        [count_figure(key, label, counts) for key, label, _t in EVENTS]
        + [
            count_figure("active", "Pauses active at the end of the period", counts),
            count_figure("returned", "Trainees back in training", counts),
        ],
        hint="Applications count in the period in which they were received or decided; "
        "returns by the date the trainee came back.",
    )
    length = Figure(
        "length",
        "Median length of pauses that ended (days)",
        Cell.days(pauses["length_current"], pauses["returned_current"]),
        Cell.days(pauses["length_previous"], pauses["returned_previous"]),
    )
    recognition = FigureTable(
        "recognition",
        "Length and capabilities recognised",
        [
            length,
            count_figure("recognised", "ARCP recognitions recorded", counts),
            Figure(
                "recognised_days",
                "Days recognised towards the CCT",
                # A sum of days over few people is nearly one person's: suppressed by `n`.
                Cell(counts["recognised_days_current"], DAYS, n=counts["recognised_current"]),
                Cell(counts["recognised_days_previous"], DAYS, n=counts["recognised_previous"]),
            ),
        ],
        unit="Value",
        chart=False,
        hint="Days recognised are capabilities gained during a pause and credited back at ARCP.",
    )
    split = breakdowns(
        groups,
        measures=[(key, label) for key, label, _t in EVENTS[:2] + EVENTS[4:]],
        figures={f.key: f for f in applications.figures},
    )
    return SectionReport(
        key="oopp",
        title="Out of Programme Pause (OOPP)",
        tables=[applications, recognition],
        breakdowns=split,
    )


def export_rows(filters):
    returned = within_dates(filters.period, "actual_return_date")
    return application_rows(OoppApplication, OoppStatusChange, filters, also=returned)


ROW_COLUMNS = [
    *APPLICATION_COLUMNS,
    Column("Start date", sql.date("start_date")),
    Column("End date", sql.date("end_date")),
    Column("Intended return", sql.date("intended_return_date")),
    Column("Actual return", sql.date("actual_return_date")),
    Column("Days added to the CCT", F("cct_days_added")),
    Column("Days recognised at ARCP", F("recognised_days")),
]

SECTION = register_section(
    application_section(
        "oopp",
        "Out of Programme Pause (OOPP)",
        compute=compute,
        export_label="OOPP applications",
        columns=ROW_COLUMNS,
        rows=export_rows,
        models=(OoppApplication, OoppStatusChange),
    )
)
