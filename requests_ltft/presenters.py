"""What an application says, as rows for summary lists, snapshots and "what changed"."""

from dataclasses import dataclass

from requests_ltft.choices import DiscussionRole, ExceptionalReason, LtftReason


@dataclass(frozen=True)
class Answer:
    key: str
    label: str
    value: str
    page: str  # the form page that changes it


def _date(d) -> str:
    return d.strftime("%-d %B %Y") if d else ""


def _label(choices, value) -> str:
    return choices(value).label if value in choices.values else (value or "")


def _discussion(d: dict) -> str:
    return f"{d.get('name', '')} ({_label(DiscussionRole, d.get('role'))}), {d.get('email', '')}"


def _proposed(a) -> str:
    if not a.proposed_percent:
        return ""
    bespoke = " (bespoke: needs the dean's approval)" if a.is_bespoke else ""
    return f"{a.proposed_percent}%{bespoke}"


def _end(a) -> str:
    if not a.start_date:
        return ""
    return _date(a.end_date) or "Until I complete training"


def ltft_answers(a) -> list[Answer]:
    reasons = [_label(LtftReason, r) for r in a.reasons]
    if a.reason_other:
        reasons.append(f"Other: {a.reason_other}")
    visa = {True: "Yes", False: "No", None: ""}[a.skilled_worker_visa]
    tpd = f"{a.tpd_name}, {a.tpd_email}" if a.tpd_name else ""
    others = "; ".join(_discussion(d) for d in a.other_discussions) or "None"
    rows = [
        ("programme", "Programme", a.programme.name, "programme"),
        ("current_percent", "Current hours", f"{a.current_percent}% of full time", "change"),
        ("proposed_percent", "Proposed hours", _proposed(a), "change"),
        ("start_date", "Start date", _date(a.start_date), "change"),
        ("end_date", "End date", _end(a), "change"),
        (
            "exceptional_reason",
            "Exceptional reason for short notice",
            _label(ExceptionalReason, a.exceptional_reason),
            "notice",
        ),
        ("exceptional_explanation", "Why the notice is short", a.exceptional_explanation, "notice"),
        (
            "alternative_start_date",
            "Alternative start date",
            _date(a.alternative_start_date),
            "notice",
        ),
        ("reasons", "Reasons for applying", "; ".join(reasons), "reasons"),
        ("supporting_information", "Supporting information", a.supporting_information, "reasons"),
        ("tpd", "TPD you discussed this with", tpd, "discussions"),
        ("other_discussions", "Other discussions", others, "discussions"),
        ("skilled_worker_visa", "Skilled Worker visa", visa, "visa"),
    ]
    return [Answer(*row) for row in rows]


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def revision_changes(application) -> list[Change]:
    """Field-by-field differences between the last two submitted revisions."""
    snapshots = list(application.snapshots.order_by("-revision")[:2])
    if len(snapshots) < 2:
        return []
    after, before = snapshots[0].data, snapshots[1].data
    labels = {answer.key: answer.label for answer in ltft_answers(application)}
    return [
        Change(labels.get(key, key), before.get(key, ""), value)
        for key, value in after.items()
        if before.get(key, "") != value
    ]
