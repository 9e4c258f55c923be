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
    RowExport,
    Section,
    SectionReport,
    count_figure,
)
from portal.reports.sections.common import (
    MEMBERSHIP,
    application_groups,
    application_membership,
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
    Status,
)
from requests_ltft.models import LtftApplication, LtftStatusChange

DECISIONS = ["approve", "reject"]
SUBMISSIONS = ["submit", "resubmit"]
STANDARD_WTE = [50, 60, 70, 80]

# (key, label, condition, what is counted distinctly). Submission (from a draft), approval,
# rejection and withdrawal happen at most once to an application, so their history rows are
# counted as they are, far cheaper than COUNT(DISTINCT); a return can happen several times.
APPLICATION_COUNTS = [
    ("received", "Applications received", Q(transition="submit"), None),
    ("approved", "Approved", Q(transition="approve"), None),
    ("rejected", "Rejected", Q(transition="reject"), None),
    ("withdrawn", "Withdrawn", Q(transition="withdraw"), None),
    ("returned", "Returned for changes", Q(transition="return_for_changes"), "application"),
]


def _history(filters):
    return LtftStatusChange.objects.filter(filters.application_q("application__")).filter(
        either_period(filters)
    )


def _counts(filters) -> tuple[dict, list[dict]]:
    """Every count of the section for both periods, by office, specialty and grade, in one
    grouped query over the history; and their sums."""
    history = (
        _history(filters)
        .annotate(**json_text("application__reasons"))
        .annotate(**{MEMBERSHIP: application_membership("application__")})
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

STATUS_LABELS = dict(Status.choices)
REASON_LABELS = dict(LtftReason.choices)
WITHHELD_REASON_LABELS = REASON_LABELS | {
    reason: privacy.WITHHELD_FROM_ADMINS for reason in SPECIAL_CATEGORY_REASONS
}


def export_rows(filters):
    """Applications with anything in their history in the period: received, moved on,
    decided, withdrawn or returned."""
    in_period = LtftStatusChange.objects.filter(within(filters.period)).values("application_id")
    return (
        LtftApplication.objects.filter(filters.application_q(), pk__in=in_period)
        .annotate(**{MEMBERSHIP: application_membership()})
        .order_by("created_at", "id")
    )


# Every value is finished in SQL (labels, dates, formula escaping): see exports/sql.py. Text
# that anyone could have typed or stored (names, codes kept as free strings, the JSON reasons)
# is escaped; numbers, dates and fixed labels cannot start a formula.
ROW_COLUMNS = [
    Column("Reference", sql.text("id")),
    Column("Local office", sql.formula_safe("programme__local_office__name")),
    Column("Specialty", sql.formula_safe("programme__specialty__name")),
    Column("Programme", sql.formula_safe("programme__name")),
    Column("Grade", sql.formula_safe(f"{MEMBERSHIP}__grade__code")),
    Column("Status", sql.labelled("status", STATUS_LABELS)),
    Column("Last submitted", sql.local_date("submitted_at")),
    Column("Decided", sql.local_date("decided_at")),
    Column("Short notice", sql.yes_no("short_notice")),
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
    Section(
        key="ltft",
        title="Less than full time (LTFT) training",
        is_available=lambda: True,
        compute=compute,
        row_exports=[
            RowExport("ltft", "LTFT applications", ROW_COLUMNS, export_rows),
        ],
        invalidated_by=(LtftApplication, LtftStatusChange),
    )
)
