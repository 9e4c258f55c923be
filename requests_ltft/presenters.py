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


def ltft_answers(a) -> list[Answer]:
    reasons = [LtftReason(r).label for r in a.reasons if r in LtftReason.values]
    if a.reason_other:
        reasons.append(f"Other: {a.reason_other}")
    discussions = [
        f"{d.get('name', '')} ({DiscussionRole(d['role']).label if d.get('role') in DiscussionRole.values else d.get('role', '')}), {d.get('email', '')}"
        for d in a.other_discussions
    ]
    exceptional = (
        ExceptionalReason(a.exceptional_reason).label
        if a.exceptional_reason in ExceptionalReason.values else ""
    )
    visa = {True: "Yes", False: "No", None: ""}[a.skilled_worker_visa]
    proposed = f"{a.proposed_percent}%" if a.proposed_percent else ""
    if a.proposed_percent and a.is_bespoke:
        proposed += " (bespoke: needs the dean's approval)"
    return [
        Answer("programme", "Programme", a.programme.name, "programme"),
        Answer("current_percent", "Current hours", f"{a.current_percent}% of full time", "change"),
        Answer("proposed_percent", "Proposed hours", proposed, "change"),
        Answer("start_date", "Start date", _date(a.start_date), "change"),
        Answer("end_date", "End date", _date(a.end_date) or "Until I complete training" if a.start_date else "", "change"),
        Answer("exceptional_reason", "Exceptional reason for short notice", exceptional, "notice"),
        Answer("exceptional_explanation", "Why the notice is short", a.exceptional_explanation, "notice"),
        Answer("alternative_start_date", "Alternative start date", _date(a.alternative_start_date), "notice"),
        Answer("reasons", "Reasons for applying", "; ".join(reasons), "reasons"),
        Answer("supporting_information", "Supporting information", a.supporting_information, "reasons"),
        Answer("tpd", "TPD you discussed this with", f"{a.tpd_name}, {a.tpd_email}" if a.tpd_name else "", "discussions"),
        Answer("other_discussions", "Other discussions", "; ".join(discussions) or "None", "discussions"),
        Answer("skilled_worker_visa", "Skilled Worker visa", visa, "visa"),
    ]


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def revision_changes(snapshots) -> list[Change]:
    """Field-by-field differences between the last two submitted revisions."""
    snapshots = list(snapshots)
    if len(snapshots) < 2:
        return []
    before, after = snapshots[-2].data, snapshots[-1].data
    labels = {}
    for key in after:
        labels[key] = key.replace("_", " ").capitalize()
    return [
        Change(LABELS.get(key, labels[key]), before.get(key, ""), after.get(key, ""))
        for key in after
        if before.get(key, "") != after.get(key, "")
    ]


LABELS = {
    "programme": "Programme", "current_percent": "Current hours",
    "proposed_percent": "Proposed hours", "start_date": "Start date", "end_date": "End date",
    "exceptional_reason": "Exceptional reason for short notice",
    "exceptional_explanation": "Why the notice is short",
    "alternative_start_date": "Alternative start date", "reasons": "Reasons for applying",
    "supporting_information": "Supporting information", "tpd": "TPD you discussed this with",
    "other_discussions": "Other discussions", "skilled_worker_visa": "Skilled Worker visa",
}
