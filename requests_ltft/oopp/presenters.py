"""What an OOPP application says, as rows for the check page, the decision page, snapshots and
"what changed" (the same `Answer` rows as LTFT, so the shared pages show either)."""

from requests_ltft.oopp.models import SupervisorView
from requests_ltft.presenters import Answer, Flag, date_text, notice_rows


def _supervisor_in_post(a) -> str:
    if not a.post_supervisor_name:
        return ""
    return ", ".join(part for part in (a.post_supervisor_name, a.post_supervisor_email) if part)


def oopp_answers(a) -> list[Answer]:
    files = "; ".join(e.original_name for e in a.evidence.all())
    rows = [
        ("programme", "Programme", a.programme.name, "programme"),
        ("start_date", "Start date", date_text(a.start_date), "dates"),
        ("end_date", "End date", date_text(a.end_date), "dates"),
        ("intended_return_date", "Return to training", date_text(a.intended_return_date), "dates"),
        *notice_rows(a),
        ("post_title", "Post title", a.post_title, "post"),
        ("post_employer", "Employer", a.post_employer, "post"),
        ("post_location", "Location", a.post_location, "post"),
        ("post_supervisor", "Supervisor in the post", _supervisor_in_post(a), "post"),
        ("scope_of_practice", "Intended scope of practice", a.scope_of_practice, "practice"),
        (
            "capabilities_to_gain",
            "Capabilities you expect to gain",
            a.capabilities_to_gain,
            "practice",
        ),
        ("plan_for_return", "Plan for returning to training", a.plan_for_return, "practice"),
        ("indemnity", "Indemnity arrangements", a.indemnity, "indemnity"),
        ("wellbeing_rationale", "Wellbeing rationale", a.wellbeing_rationale, "indemnity"),
        ("post_confirmation", "Post confirmation", files, "confirmation"),
    ]
    return [Answer(*row) for row in rows]


_SUPERVISOR_FLAGS = {
    SupervisorView.SUPPORT: Flag("ES supports", "green"),
    SupervisorView.CONCERNS: Flag("ES has concerns", "red"),
}


def oopp_queue_summary(a) -> str:
    until = f", back {date_text(a.intended_return_date)}" if a.intended_return_date else ""
    return f"{a.post_title or 'Post not given'}{until}"


def oopp_flags(a) -> list[Flag]:
    """What the reviewers should notice at a glance. Reads only the row's own fields, so a
    queue page costs the same number of queries whatever its length."""
    flags = [Flag("Short notice", "orange")] if a.short_notice else []
    if a.arcp_outcome_expected:
        flags.append(Flag("ARCP outcome expected", "yellow"))
    if a.little_training_left:
        flags.append(Flag("Under 6 months left after return", "yellow"))
    flags.append(_SUPERVISOR_FLAGS.get(a.es_view, Flag("ES view awaited", "grey")))
    return flags
