"""Reads for OOPP applications, always through the reader's scope, and the facts the
eligibility rules need."""

from django.db.models import Exists, OuterRef, QuerySet

from requests_ltft.choices import Status
from requests_ltft.eligibility import oopp as rules
from requests_ltft.eligibility.oopp import Period, last_day
from requests_ltft.models import LtftApplication, OoppApplication
from requests_ltft.selectors.applications import application_get, application_list_for_trainee
from returners.models import Absence
from trainees.models import ProgrammeMembership
from trainees.working_pattern import completion_date

_RELATED = ("trainee__user", "programme__local_office", "case_owner", "es_recorded_by")

# Applications that are only an idea (drafts) or came to nothing do not block other dates.
_NOT_COMMITTED = [Status.DRAFT, Status.WITHDRAWN, Status.REJECTED]


def oopp_list_for_trainee(*, user) -> QuerySet[OoppApplication]:
    return application_list_for_trainee(
        model=OoppApplication, user=user, columns=("post_title", "end_date")
    )


def oopp_get(*, user, pk) -> OoppApplication:
    return application_get(model=OoppApplication, user=user, pk=pk, related=_RELATED)


def oopp_list_for_supervisor(*, user) -> QuerySet[OoppApplication]:
    """Submitted applications of the trainees this user supervises in that programme."""
    supervised = ProgrammeMembership.objects.filter(
        trainee=OuterRef("trainee"), programme=OuterRef("programme"), educational_supervisor=user
    )
    return (
        OoppApplication.objects.filter(Exists(supervised))
        .exclude(status=Status.DRAFT)
        .select_related(*_RELATED)
        .order_by("-submitted_at")
    )


def latest_arcp_outcome(*, membership):
    """The latest ARCP outcome code awarded in this programme, or None before the first ARCP.

    Remembered on the membership: the check page asks for it for the problems and again for
    the warnings, and the same query twice in one request is what an N+1 looks like."""
    if "_latest_arcp_outcome" not in membership.__dict__:
        latest = (
            membership.trainee.arcp_outcomes.filter(programme_id=membership.programme_id)
            .select_related("outcome")
            .order_by("-awarded_on", "-pk")
            .first()
        )
        membership._latest_arcp_outcome = latest.outcome if latest else None
    return membership._latest_arcp_outcome


def other_commitments(*, application) -> list[Period]:
    """Everything else in the trainee's diary an OOPP must not overlap: their other OOPP
    applications, absences already logged (another OOP among them), and LTFT changes."""
    trainee = application.trainee
    periods = []
    others = (
        OoppApplication.objects.filter(trainee=trainee, start_date__isnull=False)
        .exclude(pk=application.pk)
        .exclude(status__in=_NOT_COMMITTED)
    )
    for other in others:
        periods.append(Period("your other OOPP", other.start_date, last_day(other.return_date)))
    for absence in Absence.objects.for_trainee(trainee).exclude(oopp_application__isnull=False):
        periods.append(
            Period(
                f"your {absence.reason_label.lower()}",
                absence.starts_on,
                last_day(absence.return_on),
            )
        )
    changes = LtftApplication.objects.filter(trainee=trainee, start_date__isnull=False).exclude(
        status__in=[*_NOT_COMMITTED, Status.COMPLETED]
    )
    for change in changes:
        periods.append(
            Period(
                f"your change to {change.proposed_percent}% of full time",
                change.start_date,
                change.end_date,
            )
        )
    return periods


def oopp_start_problems(*, membership, post_secured: bool) -> list[str]:
    """The eligibility checks made before a trainee may start an application."""
    return rules.start_problems(
        grade=membership.grade,
        outcome=latest_arcp_outcome(membership=membership),
        post_secured=post_secured,
    )


def oopp_submission_problems(application, *, today) -> list[tuple[str | None, str]]:
    """Every check again at submission, with the facts as they are now."""
    membership = application.membership
    return rules.submission_problems(
        application,
        today=today,
        notice_months=application.programme.local_office.oopp_notice_months,
        grade=membership.grade,
        outcome=latest_arcp_outcome(membership=membership),
        others=other_commitments(application=application),
        has_confirmation=application.evidence.exists(),
        completion=completion_date(membership),
    )


def oopp_provisional_cct(application):
    """The completion date with the whole pause added, once the dates are known."""
    if not (application.start_date and application.intended_return_date):
        return None
    try:
        return rules.provisional_cct(
            cct_date=completion_date(application.membership),
            start=application.start_date,
            return_date=application.intended_return_date,
        )
    except ValueError:
        return None
