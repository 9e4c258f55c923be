"""The SuppoRTT section of the quarterly report (docs/rules.md §10): absences that began, return
plans opened, returners by reason and absence length, each meeting held within its window, and
enhanced supervision.

Each thing counts in the period it happened, and never before it has happened: an absence in
the period it began (up to today), a plan in the period it was opened, a returner in the period
the return was recorded as having happened (an expected return date is a plan, not a return).
Absence length runs from the first day away to the return, in calendar months as
`portal.core.dates.add_months` counts them. A meeting counts in the period its window closes
(its due date), once held or once that date has passed; it was on time if held inside its
window.
"""

from functools import reduce
from operator import or_

from django.db.models import Count, DateField, F, FilteredRelation, Func, Q
from django.utils import timezone

from portal.reports.exports import sql
from portal.reports.sections import register_section
from portal.reports.sections.base import (
    Cell,
    Column,
    Figure,
    FigureTable,
    RowExport,
    Section,
    SectionReport,
    count_figure,
)
from portal.reports.sections.common import (
    breakdowns,
    either_period,
    grouped_counts,
    membership_groups,
    totals,
    within,
    within_dates,
)
from returners.models import (
    Absence,
    AbsenceReason,
    Meeting,
    MeetingKind,
    PlanStatus,
    ReturnPlan,
    SupporttSettings,
)


class AddMonths(Func):
    """A date `months` calendar months later. PostgreSQL clamps to the month's last day, as
    `portal.core.dates.add_months` does; SQLite (development only) rolls over instead, which
    only moves an absence starting on the 29th to 31st between bands."""

    def __init__(self, expression, months: int, **extra):
        self.months = int(months)
        super().__init__(expression, output_field=DateField(), **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql_, params = compiler.compile(self.source_expressions[0])
        return f"(({sql_}) + interval '{self.months} months')::date", params

    def as_sqlite(self, compiler, connection, **extra):
        sql_, params = compiler.compile(self.source_expressions[0])
        return f"date({sql_}, '+{self.months} months')", params


BANDS = [
    ("band_under_3", "Under 3 months (plan asked for)", None, 3),
    ("band_3_6", "3 to 6 months", 3, 6),
    ("band_6_12", "6 to 12 months", 6, 12),
    ("band_over_12", "12 months or more", 12, None),
]
SUPERVISION = [
    ("es_taken", "Took enhanced supervision", Q(plan__es_opted_out=False)),
    ("es_opted_out", "Opted out of enhanced supervision", Q(plan__es_opted_out=True)),
    ("es_extended", "Had enhanced supervision extended", Q(plan__es_extension_days__gt=0)),
]


def _band(low, high) -> Q:
    q = Q()
    if low is not None:
        q &= Q(actual_return_on__gte=AddMonths("starts_on", low))
    if high is not None:
        q &= Q(actual_return_on__lt=AddMonths("starts_on", high))
    return q


def _happened(field: str, prefix: str = ""):
    """In the period and not after today: a date still to come is not an
    event that happened, even in a period that has not ended."""
    today = timezone.localdate()
    path = f"{prefix}{field}"
    return lambda period: within_dates(period, path) & Q(**{f"{path}__lte": today})


def _opened(prefix: str = ""):
    return lambda period: within(period, f"{prefix}created_at")


def _in_any(filters, tests) -> Q:
    return reduce(or_, (test(period) for test in tests for period in filters.periods.values()))


def _activity(filters) -> tuple[dict, list[dict]]:
    began, opened, returned = (
        _happened("starts_on"),
        _opened("plan__"),
        _happened("actual_return_on"),
    )
    absences = Absence.objects.filter(filters.membership_q("membership__")).filter(
        _in_any(filters, (began, opened, returned))
    )
    with_plan = Q(plan__isnull=False)
    conditions = {
        "began": (Q(), None, began),
        "opened": (with_plan, None, opened),
        "returners": (with_plan, None, returned),
    }
    conditions |= {
        f"reason_{r.value}": (with_plan & Q(reason=r.value), None, returned) for r in AbsenceReason
    }
    conditions |= {
        key: (with_plan & _band(low, high), None, returned) for key, _l, low, high in BANDS
    }
    conditions |= {
        key: (with_plan & condition, None, returned) for key, _l, condition in SUPERVISION
    }
    rows = grouped_counts(
        absences, filters=filters, conditions=conditions, groups=membership_groups("membership__")
    )
    return totals(rows, conditions), rows


def _meetings(filters) -> dict:
    """Meetings due in each period, and how many were held inside their window: one query. A
    meeting not held whose due date is still to come is not late yet, so it is left out."""
    meetings = Meeting.objects.filter(filters.membership_q("plan__absence__membership__")).filter(
        either_period(filters, "due_on", dates=True)
    )
    counted = Q(held_on__isnull=False) | Q(due_on__lt=timezone.localdate())
    on_time = Q(held_on__isnull=False, held_on__gte=F("opens_on"), held_on__lte=F("due_on"))
    aggregates = {}
    for when, period in filters.periods.items():
        due = within_dates(period, "due_on") & counted
        for kind in MeetingKind:
            aggregates[f"{kind.value}_due_{when}"] = Count("pk", filter=due & Q(kind=kind))
            aggregates[f"{kind.value}_on_time_{when}"] = Count(
                "pk", filter=due & Q(kind=kind) & on_time
            )
    return meetings.aggregate(**aggregates)


def compute(filters) -> SectionReport:
    counts, groups = _activity(filters)
    meetings = _meetings(filters)
    activity = FigureTable(
        "activity",
        "Absences and return-to-training plans",
        [
            count_figure("began", "Absences that began", counts),
            count_figure("opened", "Return-to-training plans opened", counts),
        ],
        hint="Absences counted from their first day away, once it has come.",
    )
    returners = count_figure("returners", "Trainees who returned to training", counts)
    by_reason = FigureTable(
        "reasons",
        "Returners by reason for absence",
        [count_figure(f"reason_{r.value}", r.label, counts) for r in AbsenceReason],
        groups=[([f"reason_{r.value}" for r in AbsenceReason], "returners")],
    )
    by_length = FigureTable(
        "length",
        "Returners by length of absence",
        [returners] + [count_figure(key, label, counts) for key, label, _l, _h in BANDS],
        hint="Returns recorded as having happened in the period, from the first day away to "
        "the return date.",
        groups=[([key for key, *_rest in BANDS], "returners")],
    )
    on_time = FigureTable(
        "meetings",
        "Meetings held within their window",
        [
            Figure(
                kind.value,
                kind.label,
                Cell.percent(
                    meetings[f"{kind.value}_on_time_current"], meetings[f"{kind.value}_due_current"]
                ),
                Cell.percent(
                    meetings[f"{kind.value}_on_time_previous"],
                    meetings[f"{kind.value}_due_previous"],
                ),
            )
            for kind in MeetingKind
        ],
        unit="Held on time",
        hint="Of the meetings whose window closed in the period, up to today.",
    )
    supervision = FigureTable(
        "supervision",
        "Enhanced supervision",
        [count_figure(key, label, counts) for key, label, _c in SUPERVISION],
        hint="Returners in the period. Taking it and opting out add up to all returners.",
        groups=[(["es_taken", "es_opted_out"], "returners")],
    )
    measures = [
        ("began", "Absences that began"),
        ("opened", "Plans opened"),
        ("returners", "Returners"),
    ]
    totals_by_measure = {f.key: f for f in activity.figures} | {"returners": returners}
    split = breakdowns(groups, measures=measures, figures=totals_by_measure)
    return SectionReport(
        key="supportt",
        title="Supported Return to Training (SuppoRTT)",
        tables=[activity, by_length, by_reason, on_time, supervision],
        breakdowns=split,
    )


# Row-level export: the plans opened in the period, or whose absence began or whose trainee
# returned in it (never on a date still to come) ----------------------------------------------


def export_rows(filters):
    plans = ReturnPlan.objects.filter(filters.membership_q("absence__membership__"))
    for kind in MeetingKind:
        plans = plans.annotate(
            **{
                f"meeting_{kind.value}": FilteredRelation(
                    "meetings", condition=Q(meetings__kind=kind.value)
                )
            }
        )
    happened = (
        _opened()(filters.period)
        | _happened("starts_on", "absence__")(filters.period)
        | _happened("actual_return_on", "absence__")(filters.period)
    )
    return plans.filter(happened).order_by("absence__starts_on", "id")


ROW_COLUMNS = [
    Column("Reference", sql.text("id")),
    Column("Local office", sql.formula_safe("absence__membership__programme__local_office__name")),
    Column("Specialty", sql.formula_safe("absence__membership__programme__specialty__name")),
    Column("Programme", sql.formula_safe("absence__membership__programme__name")),
    Column("Grade", sql.formula_safe("absence__membership__grade__code")),
    # The reason only: sickness details and "other" text are special category or free text.
    Column("Reason for absence", sql.labelled("absence__reason", dict(AbsenceReason.choices))),
    Column("Planned absence", sql.yes_no("absence__planned")),
    Column("First day away", sql.date("absence__starts_on")),
    Column("Expected return date", sql.date("absence__expected_return_on")),
    Column("Returned on", sql.date("absence__actual_return_on")),
    Column("Plan opened", sql.local_date("created_at")),
    Column("Plan", sql.labelled("status", dict(PlanStatus.choices))),
    Column("Enhanced supervision days", F("es_days")),
    Column("Opted out of enhanced supervision", sql.yes_no("es_opted_out")),
    Column("Extension days", F("es_extension_days")),
] + [
    Column(f"{kind.label}: held on", sql.date(f"meeting_{kind.value}__held_on"))
    for kind in MeetingKind
]

SECTION = register_section(
    Section(
        key="supportt",
        title="Supported Return to Training (SuppoRTT)",
        is_available=lambda: True,
        compute=compute,
        row_exports=[RowExport("supportt", "Return plans", ROW_COLUMNS, export_rows)],
        # SupporttSettings is not read, but saving it moves meeting windows with bulk_update,
        # which sends no signal of its own.
        invalidated_by=(Absence, ReturnPlan, Meeting, SupporttSettings),
    )
)

# The returners' survey is a section of its own (docs/rules.md §14).
from returners import report_survey  # noqa: E402, F401
