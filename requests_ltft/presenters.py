"""What an application says, as rows for summary lists, snapshots and "what changed"."""

from dataclasses import dataclass

from requests_ltft.choices import DiscussionRole, ExceptionalReason, LtftReason
from requests_ltft.rules import is_bespoke


@dataclass(frozen=True)
class Answer:
    key: str
    label: str
    value: str
    page: str  # the form page that changes it


def date_text(d, *, short=False) -> str:
    """1 March 2027, or 1 Mar 2027 where space is short (tables)."""
    return d.strftime("%-d %b %Y" if short else "%-d %B %Y") if d else ""


def choice_label(choices, value) -> str:
    return choices(value).label if value in choices.values else (value or "")


def _discussion(d: dict) -> str:
    return (
        f"{d.get('name', '')} ({choice_label(DiscussionRole, d.get('role'))}), {d.get('email', '')}"
    )


def _proposed(a) -> str:
    if not a.proposed_percent:
        return ""
    bespoke = " (bespoke: needs the dean's approval)" if a.is_bespoke else ""
    return f"{a.proposed_percent}%{bespoke}"


def _end(a) -> str:
    if not a.start_date:
        return ""
    return date_text(a.end_date) or "Until I complete training"


def notice_rows(a) -> list[tuple]:
    """The short-notice answers, which LTFT and OOPP ask alike."""
    return [
        (
            "exceptional_reason",
            "Exceptional reason for short notice",
            choice_label(ExceptionalReason, a.exceptional_reason),
            "notice",
        ),
        ("exceptional_explanation", "Why the notice is short", a.exceptional_explanation, "notice"),
        (
            "alternative_start_date",
            "Alternative start date",
            date_text(a.alternative_start_date),
            "notice",
        ),
    ]


def ltft_answers(a) -> list[Answer]:
    reasons = [choice_label(LtftReason, r) for r in a.reasons]
    if a.reason_other:
        reasons.append(f"Other: {a.reason_other}")
    visa = {True: "Yes", False: "No", None: ""}[a.skilled_worker_visa]
    tpd = f"{a.tpd_name}, {a.tpd_email}" if a.tpd_name else ""
    others = "; ".join(_discussion(d) for d in a.other_discussions) or "None"
    rows = [
        ("programme", "Programme", a.programme.name, "programme"),
        ("current_percent", "Current hours", f"{a.current_percent}% of full time", "change"),
        ("proposed_percent", "Proposed hours", _proposed(a), "change"),
        ("start_date", "Start date", date_text(a.start_date), "change"),
        ("end_date", "End date", _end(a), "change"),
        *notice_rows(a),
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


def revision_changes(application, answers=ltft_answers) -> list[Change]:
    """Field-by-field differences between the last two submitted revisions. `answers` is the
    presenter of the application's kind, which gives each answer its label."""
    snapshots = list(application.snapshots.order_by("-revision")[:2])
    if len(snapshots) < 2:
        return []
    after, before = snapshots[0].data, snapshots[1].data
    labels = {answer.key: answer.label for answer in answers(application)}
    return [
        Change(labels.get(key, key), before.get(key, ""), value)
        for key, value in after.items()
        if before.get(key, "") != value
    ]


@dataclass(frozen=True)
class Flag:
    label: str
    colour: str  # an NHS.UK tag colour


def ltft_queue_summary(a) -> str:
    return f"{a.current_percent}% to {a.proposed_percent}%"


def ltft_flags(a) -> list[Flag]:
    """Reads only the row's own values (a queue passes values, not an application)."""
    flags = [Flag("Short notice", "orange")] if a.short_notice else []
    if a.proposed_percent is not None and is_bespoke(a.proposed_percent):
        flags.append(Flag("Bespoke", "yellow"))
    return flags
