"""Reads for the supervisor's pages, through the supervisor's scope."""

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery

from portal.accounts.scopes import scope_q
from returners.models import Absence, Meeting, ReturnPlan
from trainees.models import ProgrammeMembership


def supervisee_list_with_plans(*, user) -> QuerySet[ProgrammeMembership]:
    """The user's supervisees, each with their open return plans (`open_absences`, meetings
    prefetched), most urgent first: the earliest due date of a meeting not held yet, so the
    longest overdue leads; supervisees with nothing due follow, by name.

    Three queries whatever the number of supervisees: memberships, absences, meetings.
    """
    open_absences = (
        Absence.objects.filter(plan__status=ReturnPlan.Status.OPEN)
        .select_related("plan")
        .prefetch_related(Prefetch("plan__meetings", queryset=Meeting.objects.order_by("due_on")))
        .order_by("-starts_on")
    )
    next_due = Subquery(
        Meeting.objects.not_held()
        .filter(plan__status=ReturnPlan.Status.OPEN, plan__absence__membership=OuterRef("pk"))
        .order_by("due_on")
        .values("due_on")[:1]
    )
    return (
        ProgrammeMembership.objects.filter(educational_supervisor=user)
        .filter(scope_q(user, trainee="trainee", programme="programme"))
        .select_related("trainee__user", "programme", "grade")
        .annotate(next_due=next_due)
        .prefetch_related(Prefetch("absences", queryset=open_absences, to_attr="open_absences"))
        .order_by(
            F("next_due").asc(nulls_last=True),
            "trainee__user__last_name",
            "trainee__user__first_name",
        )
    )
