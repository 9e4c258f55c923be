"""Reads of trainee records, always through the reader's scope."""

from django.db.models import Count, QuerySet

from portal.accounts.scopes import get_in_scope_or_404, scope_q
from trainees.models import LocalOffice, Programme, ProgrammeMembership, Trainee


def trainee_list(*, user) -> QuerySet[Trainee]:
    return Trainee.objects.filter(scope_q(user, trainee="pk", programme=None))


def trainee_get(*, user, pk) -> Trainee:
    queryset = Trainee.objects.select_related("user")
    return get_in_scope_or_404(queryset, user, trainee="pk", pk=pk)


def membership_list_for_trainee(*, trainee: Trainee) -> QuerySet[ProgrammeMembership]:
    return trainee.memberships.select_related(
        "programme__specialty", "programme__local_office", "grade", "educational_supervisor"
    )


def supervisee_list(*, user) -> QuerySet[ProgrammeMembership]:
    return (
        ProgrammeMembership.objects.filter(educational_supervisor=user)
        .select_related("trainee__user", "programme", "grade")
        .order_by("trainee__user__last_name", "trainee__user__first_name")
    )


def programme_list_for_office(*, office_ids) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(local_office__in=office_ids)
        .select_related("specialty", "local_office")
        .annotate(trainee_count=Count("memberships"))
    )


def office_summary(*, office_ids=None) -> QuerySet[LocalOffice]:
    offices = LocalOffice.objects.all()
    if office_ids is not None:
        offices = offices.filter(pk__in=office_ids)
    return offices.annotate(
        programme_count=Count("programmes", distinct=True),
        trainee_count=Count("programmes__memberships", distinct=True),
    )
