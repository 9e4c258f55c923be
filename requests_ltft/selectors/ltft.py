"""Reads of LTFT applications, always through the reader's scope."""

from django.db.models import QuerySet
from django.utils import timezone

from requests_ltft.eligibility import ltft as rules
from requests_ltft.models import LtftApplication
from requests_ltft.selectors.applications import application_get, application_list_for_trainee
from trainees.working_pattern import completion_date, pattern_changes, wte_on


def ltft_list_for_trainee(*, user) -> QuerySet[LtftApplication]:
    return application_list_for_trainee(
        model=LtftApplication, user=user, columns=("proposed_percent",)
    )


def ltft_get(*, user, pk) -> LtftApplication:
    return application_get(model=LtftApplication, user=user, pk=pk)


def ltft_hours_before(membership, start=None) -> int:
    """The percentage worked just before a change from `start`, approved changes included
    (§4): a second change builds on the one already approved. Without a start date yet, the
    hours once every approved change has begun."""
    if start is None:
        start = max([timezone.localdate(), *(c.start for c in pattern_changes(membership))])
    return int(wte_on(membership, start) * 100)


def ltft_approved_change_problem(membership, start) -> str | None:
    return rules.approved_change_problem(
        start=start, approved_starts=[c.start for c in pattern_changes(membership)]
    )


def ltft_submission_problems(application, *, today) -> list[tuple[str, str]]:
    """Everything that stops the application being submitted, with its office's notice."""
    problems = rules.submission_problems(
        application,
        today=today,
        notice_weeks=application.programme.local_office.ltft_notice_weeks,
    )
    if application.start_date and (
        late := rules.start_problem(
            start=application.start_date, completion=completion_date(application.membership)
        )
    ):
        problems.append(("change", late))
    if application.start_date and (
        clash := ltft_approved_change_problem(application.membership, application.start_date)
    ):
        problems.append(("change", clash))
    return problems


def ltft_provisional_cct(application, *, percent=None, start=None, end=None):
    """The provisional CCT date for the saved answers (or for `percent`, `start` and `end`
    typed but not saved yet), once there are enough of them."""
    if percent is None and start is None:
        percent, start, end = (
            application.proposed_percent,
            application.start_date,
            application.end_date,
        )
    if percent is None or start is None:
        return None
    try:
        return rules.provisional_cct(
            cct_date=completion_date(application.membership),
            current_percent=ltft_hours_before(application.membership, start),
            proposed_percent=percent,
            start=start,
            end=end,
        )
    except ValueError:
        return None
