"""The LTFT section of the quarterly report (docs/rules.md §10).

Every count comes from the status history, so an application counts in the period in which the
thing happened to it: "received" is its first submission, "approved" the approval, and so on.
An application returned and resubmitted is received once. Durations run from the history too:

- submission to decision: first submission → approval or rejection;
- TPD stage: the last (re)submission → the TPD's support that followed it;
- deanery stage: that support → the decision.

The grade is the one on the trainee's membership of the application's programme today.
"""

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
)

from portal.accounts import privacy
from portal.reports.aggregates import Median
from portal.reports.exports import sql
from portal.reports.sections import register_section
from portal.reports.sections.base import (
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
    either_period,
    grouped_counts,
    json_list_has,
    json_text,
    totals,
    within,
)
from requests_ltft.choices import (
    SPECIAL_CATEGORY_REASONS,
    ExceptionalReason,
    LtftReason,
)
from requests_ltft.models import LtftApplication, LtftStatusChange
from requests_ltft.report.applications import (
    APPLICATION_COLUMNS,
    APPLICATION_EVENTS,
    application_history,
    application_rows,
    application_section,
)

DECISIONS = ["approve", "reject"]
SUBMISSIONS = ["submit", "resubmit"]
STANDARD_WTE = [50, 60, 70, 80]

# (key, label, condition, what is counted distinctly): a return can happen several times to
# one application, so it counts applications, not history rows.
APPLICATION_COUNTS = [
    *((key, label, Q(transition=event), None) for key, label, event in APPLICATION_EVENTS),
    ("returned", "Returned for changes", Q(transition="return_for_changes"), "application"),
]


def _counts(filters) -> tuple[dict, list[dict]]:
    """Every count of the section for both periods, by office, specialty and grade, in one
    grouped query over the history; and their sums."""
    history = application_history(LtftStatusChange, filters).annotate(
        **json_text("application__reasons")
    )
    approved = Q(transition="approve")
    conditions = {key: (condition, counted) for key, _l, condition, counted in APPLICATION_COUNTS}
    received = conditions["received"][0]
    conditions["short_notice"] = (received & Q(application__short_notice=True), None)
    conditions["exceptional"] = (received & ~Q(application__exceptional_reason=""), None)
    for reason in LtftReason:
        conditions[f"reason_{reason.value}"] = (
            received & json_list_has("application__reasons", reason.value),
            None,
        )
    for percent in STANDARD_WTE:
        conditions[f"wte_{percent}"] = (approved & Q(application__proposed_percent=percent), None)
    conditions["wte_bespoke"] = (
        approved & ~Q(application__proposed_percent__in=[*STANDARD_WTE, 100]),
        None,
    )
    rows = grouped_counts(
        history, filters=filters, conditions=conditions, groups=application_groups("application__")
    )
    return totals(rows, conditions), rows


def _medians(filters) -> dict:
    """Median days of each stage for applications decided in each period, in one query."""
    decided = (
        LtftStatusChange.objects.filter(transition__in=DECISIONS)
        .filter(either_period(filters))
        .values("application_id")
    )
    changes = "status_changes__created_at"
    applications = LtftApplication.objects.filter(filters.application_q(), pk__in=decided).annotate(
        first_submit=Min(changes, filter=Q(status_changes__transition="submit")),
        last_submit=Max(changes, filter=Q(status_changes__transition__in=SUBMISSIONS)),
        supported=Max(changes, filter=Q(status_changes__transition="tpd_support")),
        decision=Max(changes, filter=Q(status_changes__transition__in=DECISIONS)),
        approved_at=Max(changes, filter=Q(status_changes__transition="approve")),
    )
    spans = {
        "to_decision": ("decision", "first_submit"),
        "tpd_stage": ("supported", "last_submit"),
        "deanery_stage": ("decision", "supported"),
    }
    aggregates = {}
    for when, period in filters.periods.items():
        in_period = within(period, "decision")
        aggregates[f"decided_{when}"] = Count("pk", filter=in_period)
        # A trainee can count once however many of their programmes go back to full time.
        aggregates[f"full_time_{when}"] = Count(
            "trainee", distinct=True, filter=within(period, "approved_at") & Q(proposed_percent=100)
        )
        for name, (end, start) in spans.items():
            span = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
            aggregates[f"{name}_{when}"] = Median(span, filter=in_period)
    return applications.aggregate(**aggregates)


def _percent(key, label, counts, numerator) -> Figure:
    return Figure(
        key,
        label,
        Cell.percent(counts[f"{numerator}_current"], counts["received_current"]),
        Cell.percent(counts[f"{numerator}_previous"], counts["received_previous"]),
    )


def _median(key, label, medians) -> Figure:
    return Figure(
        key,
        label,
        Cell.days(medians[f"{key}_current"], medians["decided_current"]),
        Cell.days(medians[f"{key}_previous"], medians["decided_previous"]),
    )


def compute(filters) -> SectionReport:
    counts, groups = _counts(filters)
    medians = _medians(filters)
    counts.update({k: v for k, v in medians.items() if k.startswith("full_time_")})
    applications = FigureTable(
        "applications",
        "Applications",
        [count_figure(key, label, counts) for key, label, _q, _c in APPLICATION_COUNTS]
        + [count_figure("full_time", "Trainees returning to full time", counts)],
        hint="Each application counts in the period in which it was received, decided, "
        "withdrawn or returned.",
    )
    timing = FigureTable(
        "timing",
        "Notice and time to decision",
        [
            _percent("short_notice", "Received at short notice", counts, "short_notice"),
            _percent("exceptional", "Received with an exceptional reason", counts, "exceptional"),
            _median("to_decision", "Median days from submission to decision", medians),
            _median("tpd_stage", "Median days at the TPD stage", medians),
            _median("deanery_stage", "Median days at the deanery stage", medians),
        ],
        unit="Value",
        chart_keys=["to_decision", "tpd_stage", "deanery_stage"],
        chart_title="Median days to decision, by stage",
        hint="Percentages are of applications received. Medians are of applications decided.",
    )
    wte_keys = [f"wte_{p}" for p in STANDARD_WTE] + ["wte_bespoke"]
    wte = FigureTable(
        "wte",
        "Approved working patterns",
        [count_figure(f"wte_{p}", f"{p}% of full time", counts) for p in STANDARD_WTE]
        + [count_figure("wte_bespoke", "Another percentage (bespoke)", counts)],
        hint="Approvals in the period by the percentage of full time approved.",
        # With those returning to full time they make up all approvals.
        groups=[([*wte_keys, "full_time"], "approved")],
    )
    reasons = FigureTable(
        "reasons",
        "Reasons given",
        [
            count_figure(f"reason_{r.value}", r.label, counts, f"reason_{r.value}")
            for r in LtftReason
        ],
        hint="Applications received, by reason. One application can give several reasons, "
        "so these add up to more than the applications received.",
    )
    split = breakdowns(
        groups,
        measures=[(key, label) for key, label, _q, _c in APPLICATION_COUNTS],
        figures={f.key: f for f in applications.figures},
    )
    return SectionReport(
        key="ltft",
        title="Less than full time (LTFT) training",
        tables=[applications, timing, wte, reasons],
        breakdowns=split,
    )


# Row-level export -------------------------------------------------------------------------------

REASON_LABELS = dict(LtftReason.choices)
WITHHELD_REASON_LABELS = REASON_LABELS | {
    reason: privacy.WITHHELD_FROM_ADMINS for reason in SPECIAL_CATEGORY_REASONS
}


def export_rows(filters):
    return application_rows(LtftApplication, LtftStatusChange, filters)


# The JSON reasons are codes anyone could have stored, so their labels are escaped too.
ROW_COLUMNS = [
    *APPLICATION_COLUMNS,
    Column(
        "Exceptional reason",
        sql.formula_safe(sql.labelled("exceptional_reason", dict(ExceptionalReason.choices))),
    ),
    Column("Current % of full time", F("current_percent")),
    Column("Proposed % of full time", F("proposed_percent")),
    Column("Start date", sql.date("start_date")),
    Column("End date", sql.date("end_date")),
    Column(
        "Reasons",
        sql.formula_safe(sql.json_codes("reasons", REASON_LABELS)),
        # Only a deanery file for internal use names these reasons (portal.accounts.privacy).
        data_class=privacy.LTFT_SPECIAL_REASONS,
        withheld=sql.formula_safe(sql.json_codes("reasons", WITHHELD_REASON_LABELS)),
    ),
]

SECTION = register_section(
    application_section(
        "ltft",
        "Less than full time (LTFT) training",
        compute=compute,
        export_label="LTFT applications",
        columns=ROW_COLUMNS,
        rows=export_rows,
        models=(LtftApplication, LtftStatusChange),
    )
)
