"""The returners' survey (docs/rules.md §14): when it is open, and answering it.

Answering marks the invitation used and writes the anonymous answer in one transaction, so
the survey is answered at most once and never half-recorded. Nothing about the answering is
audited or messaged: a row with the person and a time beside an answer would undo the anonymity.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.core.dates import add_months
from portal.core.exceptions import ApplicationError
from portal.notifications.thresholds import threshold
from portal.reports.periods import quarter_of, quarter_period
from returners.deadlines import SurveyDates, survey_dates
from returners.models import (
    Absence,
    AbsenceReason,
    LengthBand,
    ReasonGroup,
    SurveyAnswer,
    SurveyInvitation,
)

ALREADY_ANSWERED = "You have already answered this survey. Thank you."
NOTHING_ANSWERED = (
    "You have not answered any question. Answer at least one, or close this page if you would "
    "rather not take part: your invitation stays open until it closes."
)

_REASON_GROUPS = {
    AbsenceReason.PARENTAL: ReasonGroup.PARENTAL,
    AbsenceReason.SICKNESS: ReasonGroup.SICKNESS,
    AbsenceReason.OOPP: ReasonGroup.OUT_OF_PROGRAMME,
    AbsenceReason.OOPE: ReasonGroup.OUT_OF_PROGRAMME,
    AbsenceReason.OOPR: ReasonGroup.OUT_OF_PROGRAMME,
    AbsenceReason.OOPT: ReasonGroup.OUT_OF_PROGRAMME,
    AbsenceReason.OOPC: ReasonGroup.OUT_OF_PROGRAMME,
}


def survey_dates_for(absence: Absence) -> SurveyDates | None:
    """The survey's dates for a return, with the office's timings; None before the return has
    happened (an expected return date is a plan, not a return)."""
    if absence.actual_return_on is None:
        return None
    office = absence.membership.programme.local_office
    return survey_dates(
        absence.actual_return_on,
        weeks_after_return=threshold("supportt_survey_weeks_after_return", local_office=office),
        reminder_weeks=threshold("supportt_survey_reminder_weeks", local_office=office),
        open_weeks=threshold("supportt_survey_open_weeks", local_office=office),
    )


def had_support(absence: Absence) -> bool:
    """Support is a meeting held or enhanced supervision taken; without either the returner is
    asked why instead."""
    plan = absence.plan
    return not plan.es_opted_out or plan.meetings.filter(held_on__isnull=False).exists()


def length_band(absence: Absence) -> LengthBand:
    """As the report's bands count it (docs/rules.md §10): calendar months from the first day
    away to the return."""
    returned = absence.actual_return_on
    for months, band in ((3, LengthBand.UNDER_3), (6, LengthBand.FROM_3_TO_6)):
        if returned < add_months(absence.starts_on, months):
            return band
    if returned < add_months(absence.starts_on, 12):
        return LengthBand.FROM_6_TO_12
    return LengthBand.OVER_12


def answer_profile(absence: Absence) -> dict:
    """What an answer keeps about the returner: what the reports group by, and no more."""
    programme = absence.membership.programme
    return {
        "return_quarter_starts_on": quarter_period(quarter_of(absence.actual_return_on)).start,
        "local_office": programme.local_office,
        "specialty_group": programme.specialty.school or programme.specialty.name,
        "reason_group": _REASON_GROUPS.get(absence.reason, ReasonGroup.OTHER),
        "length_band": length_band(absence),
        "had_support": had_support(absence),
    }


PROFILE_FIELDS = frozenset(
    {
        "return_quarter_starts_on",
        "local_office",
        "specialty_group",
        "reason_group",
        "length_band",
        "had_support",
    }
)
# What the returner may answer: everything else on the answer.
ANSWER_FIELDS = frozenset(
    f.name
    for f in SurveyAnswer._meta.get_fields()
    if f.concrete and f.name != "id" and f.name not in PROFILE_FIELDS
)


def survey_answer_submit(*, absence: Absence, actor, answers: dict, today=None) -> None:
    """Record the returner's answers, once, while the survey is open."""
    today = today or timezone.localdate()
    if absence.membership.trainee.user_id != actor.pk:
        raise ApplicationError("Only the returner can answer their survey.")
    dates = survey_dates_for(absence)
    if dates is None or not dates.is_open(today):
        raise ApplicationError("This survey is not open. It can no longer be answered.")
    unknown = set(answers) - ANSWER_FIELDS
    if unknown:
        raise ValueError(f"Not survey answers: {sorted(unknown)}")
    # Every question is optional, but an answer with none would use up the invitation and count
    # as a response, lifting the response rate and the 5 answers that unlock the free text.
    if all(value in (None, "") for value in answers.values()):
        raise ApplicationError(NOTHING_ANSWERED)
    try:
        with transaction.atomic():
            SurveyInvitation.objects.create(absence=absence)
            SurveyAnswer.objects.create(**answer_profile(absence), **answers)
    except IntegrityError as exc:
        # The invitation row is the absence's own key: a second answer (another tab, a double
        # click) cannot insert it again.
        raise ApplicationError(ALREADY_ANSWERED) from exc
