"""What an OOPP application says, as rows for the check page, the decision page, snapshots and
"what changed" (the same `Answer` rows as LTFT, so the shared pages show either)."""

from portal.accounts import privacy
from requests_ltft.eligibility import applies
from requests_ltft.eligibility import oopp as rules
from requests_ltft.models import SupervisorView
from requests_ltft.permissions import (
    oopp_can_give_supervisor_opinion,
    oopp_can_record_recognition,
    oopp_can_record_return,
)
from requests_ltft.presenters.applications import (
    Answer,
    Flag,
    Redact,
    asked,
    date_text,
    notice_rows,
)
from requests_ltft.selectors.oopp import latest_arcp_outcome, oopp_provisional_cct


def _supervisor_in_post(application) -> str:
    if not application.post_supervisor_name:
        return ""
    return ", ".join(
        part
        for part in (application.post_supervisor_name, application.post_supervisor_email)
        if part
    )


def oopp_answers(application) -> list[Answer]:
    files = "; ".join(upload.original_name for upload in application.evidence.all())
    rows = [
        ("programme", "Programme", application.programme.name, "programme"),
        ("start_date", "Start date", date_text(application.start_date), "dates"),
        ("end_date", "End date", date_text(application.end_date), "dates"),
        (
            "intended_return_date",
            "Return to training",
            date_text(application.intended_return_date),
            "dates",
        ),
        *notice_rows(application),
        ("post_title", "Post title", application.post_title, "post"),
        ("post_employer", "Employer", application.post_employer, "post"),
        ("post_location", "Location", application.post_location, "post"),
        ("post_supervisor", "Supervisor in the post", _supervisor_in_post(application), "post"),
        (
            "scope_of_practice",
            "Intended scope of practice",
            application.scope_of_practice,
            "practice",
        ),
        (
            "capabilities_to_gain",
            "Capabilities you expect to gain",
            application.capabilities_to_gain,
            "practice",
        ),
        (
            "plan_for_return",
            "Plan for returning to training",
            application.plan_for_return,
            "practice",
        ),
        ("indemnity", "Indemnity arrangements", application.indemnity, "indemnity"),
        (
            "wellbeing_rationale",
            "Wellbeing rationale",
            application.wellbeing_rationale,
            "indemnity",
        ),
        ("post_confirmation", "Post confirmation", files, "confirmation"),
    ]
    return asked(rows, applies.OOPP, application)


_SUPERVISOR_FLAGS = {
    SupervisorView.SUPPORT: Flag("ES supports", "green"),
    SupervisorView.CONCERNS: Flag("ES has concerns", "red"),
}


def oopp_queue_summary(application) -> str:
    until = (
        f", back {date_text(application.intended_return_date)}"
        if application.intended_return_date
        else ""
    )
    return f"{application.post_title or 'Post not given'}{until}"


def oopp_flags(application) -> list[Flag]:
    """What the reviewers should notice at a glance. Reads only the row's own fields, so a
    queue page costs the same number of queries whatever its length."""
    flags = [Flag("Short notice", "orange")] if application.short_notice else []
    if application.arcp_outcome_expected:
        flags.append(Flag("ARCP outcome expected", "yellow"))
    if application.little_training_left:
        flags.append(Flag("Under 6 months left after return", "yellow"))
    flags.append(_SUPERVISOR_FLAGS.get(application.es_view, Flag("ES view awaited", "grey")))
    return flags


def oopp_warnings(application) -> list[str]:
    cct = oopp_provisional_cct(application)
    if cct is None:
        return []
    found = [
        rules.remaining_warning(return_date=application.intended_return_date, cct_with_pause=cct)
    ]
    if latest_arcp_outcome(membership=application.membership) is None:
        found.append(
            "You have no ARCP outcome yet. You can apply: the reviewers will see that an "
            "outcome 1, 10.1 or 10.2 is expected at your next ARCP."
        )
    return [warning for warning in found if warning]


def oopp_detail_context(application, roles) -> dict:
    return {
        "provisional": application.provisional_cct_date or oopp_provisional_cct(application),
        "can_give_view": oopp_can_give_supervisor_opinion(roles=roles, application=application),
        "can_record_return": oopp_can_record_return(roles=roles, application=application),
        "can_record_recognition": oopp_can_record_recognition(roles=roles, application=application),
    }


def oopp_redactor(application, roles) -> Redact:
    """What this reader sees of the answers (portal.accounts.privacy.OOPP_WELLBEING): the
    wellbeing answer is left out for anyone else, the supervisor among them."""
    if privacy.may_see(roles, privacy.OOPP_WELLBEING):
        return lambda key, value: value
    return lambda key, value: None if key == "wellbeing_rationale" else value
