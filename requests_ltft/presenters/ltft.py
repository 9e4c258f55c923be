"""What an LTFT application says, as `Answer` rows and queue cells."""

from portal.accounts import privacy
from requests_ltft.choices import SPECIAL_CATEGORY_REASONS, DiscussionRole, LtftReason
from requests_ltft.eligibility import applies
from requests_ltft.eligibility.ltft import is_bespoke, visa_blocks
from requests_ltft.presenters.applications import (
    Answer,
    Flag,
    Redact,
    asked,
    choice_label,
    date_text,
    notice_rows,
)

_SPECIAL_LABELS = {LtftReason(reason).label for reason in SPECIAL_CATEGORY_REASONS}


def _discussion(discussion: dict) -> str:
    role = choice_label(DiscussionRole, discussion.get("role"))
    return f"{discussion.get('name', '')} ({role}), {discussion.get('email', '')}"


def _proposed(application) -> str:
    if not application.proposed_percent:
        return ""
    bespoke = " (bespoke: needs the dean's approval)" if application.is_bespoke else ""
    return f"{application.proposed_percent}%{bespoke}"


def _end(application) -> str:
    if not application.start_date:
        return ""
    return date_text(application.end_date) or "Until I complete training"


def ltft_answers(application) -> list[Answer]:
    # "Other" is said once, with what it is ("Other: text"), not as a label and again.
    reasons = [
        choice_label(LtftReason, reason)
        for reason in application.reasons
        if not (reason == LtftReason.OTHER and application.reason_other)
    ]
    if application.reason_other:
        reasons.append(f"Other: {application.reason_other}")
    visa = {True: "Yes", False: "No", None: ""}[application.skilled_worker_visa]
    tpd = f"{application.tpd_name}, {application.tpd_email}" if application.tpd_name else ""
    others = "; ".join(_discussion(other) for other in application.other_discussions) or "None"
    special = bool(set(application.reasons) & SPECIAL_CATEGORY_REASONS)
    shared = {True: "Yes", False: "No"}[application.reasons_shared_with_tpd] if special else ""
    rows = [
        ("programme", "Programme", application.programme.name, "programme"),
        (
            "current_percent",
            "Current hours",
            f"{application.current_percent}% of full time",
            # The hours in force on the start date (approved changes included), not an answer
            # the trainee edits.
            "programme",
        ),
        ("proposed_percent", "Proposed hours", _proposed(application), "change"),
        ("start_date", "Start date", date_text(application.start_date), "change"),
        ("end_date", "End date", _end(application), "change"),
        *notice_rows(application),
        ("reasons", "Reasons for applying", "; ".join(reasons), "reasons"),
        *(
            [("reasons_shared_with_tpd", privacy.SHARE_QUESTION, shared, "reasons")]
            if special
            else []
        ),
        (
            "supporting_information",
            "Supporting information",
            application.supporting_information,
            "reasons",
        ),
        ("tpd", "TPD you discussed this with", tpd, "discussions"),
        ("other_discussions", "Other discussions", others, "discussions"),
        ("skilled_worker_visa", "Skilled Worker visa", visa, "visa"),
    ]
    return asked(rows, applies.LTFT, application)


def ltft_queue_summary(application) -> str:
    return f"{application.current_percent}% to {application.proposed_percent}%"


def ltft_flags(application) -> list[Flag]:
    """Reads only the row's own values (a queue passes values, not an application)."""
    flags = [Flag("Short notice", "orange")] if application.short_notice else []
    if application.proposed_percent is not None and is_bespoke(application.proposed_percent):
        flags.append(Flag("Bespoke", "yellow"))
    # The same words as the application page, so the queue shows what blocks approval (§2).
    if visa_blocks(visa=application.skilled_worker_visa, percent=application.proposed_percent):
        flags.append(Flag("Skilled Worker visa below 80%", "red"))
    return flags


def ltft_detail_context(application, roles) -> dict:
    return {
        "visa_blocked": visa_blocks(
            visa=application.skilled_worker_visa, percent=application.proposed_percent
        )
    }


def _withheld(reasons: str, sentence: str) -> str:
    """The reasons with the special-category ones put as one sentence for this reader."""
    parts = [sentence if part in _SPECIAL_LABELS else part for part in reasons.split("; ")]
    return "; ".join(dict.fromkeys(parts)) if reasons else ""


def ltft_redactor(application, roles) -> Redact:
    """What this reader sees of the answers (portal.accounts.privacy.LTFT_SPECIAL_REASONS)."""
    shared = application.reasons_shared_with_tpd
    if privacy.may_see(roles, privacy.LTFT_SPECIAL_REASONS, shared_with_tpd=shared):
        return lambda key, value: value
    sentence = privacy.withheld_reason(roles)
    return lambda key, value: _withheld(value, sentence) if key == "reasons" else value
