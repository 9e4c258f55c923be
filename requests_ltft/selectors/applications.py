"""Reads every kind of application shares, always through the reader's scope: one
application, the trainee's own list, and the reviewers' queues (one query shape per kind)."""

from django.db.models import QuerySet
from django.http import Http404

from portal.accounts import privacy
from portal.accounts.models import Role
from portal.accounts.scopes import (
    directed_programme_ids,
    get_in_scope_or_404,
    office_programme_ids,
)
from portal.audit.context import note_refusal
from requests_ltft.choices import OPEN_STATUSES, Status

_RELATED = ("trainee__user", "programme__local_office", "case_owner")
# What a queue row shows besides the application itself.
QUEUE_RELATED = ("trainee__user", "programme", "case_owner")
# The values a queue row shows, whatever the kind. Read as plain values, not model instances:
# a page of 25 rows of four models each cost more to build as instances than to query.
QUEUE_COLUMNS = (
    "pk",
    "status",
    "start_date",
    "submitted_at",
    "short_notice",
    "trainee__user__first_name",
    "trainee__user__last_name",
    "programme__name",
    "case_owner__first_name",
    "case_owner__last_name",
)
_DECIDED = [Status.APPROVED, Status.REJECTED, Status.ACTIVE, Status.COMPLETED, Status.RETURNED]

QUEUE_FILTERS = {
    "tpd": {
        "waiting": ("Waiting for your support", [Status.SUBMITTED]),
        "open": ("All open", OPEN_STATUSES),
        "decided": ("Decided", _DECIDED),
        "all": ("All", None),
    },
    "deanery": {
        "waiting": ("Waiting for a decision", [Status.TPD_SUPPORTED]),
        "open": ("All open", OPEN_STATUSES),
        "decided": ("Decided", _DECIDED),
        "all": ("All", None),
    },
}
QUEUE_SORTS = {
    "start": ("Start date, soonest first", ["start_date", "submitted_at"]),
    "waiting": ("Days waiting, longest first", ["submitted_at", "start_date"]),
}


# What the trainee's own lists show of each application, whatever the kind.
_TRAINEE_LIST_COLUMNS = ("status", "created_at", "start_date", "programme__name")


def application_list_for_trainee(*, model, user, columns: tuple[str, ...]) -> QuerySet:
    """The signed-in trainee's own applications of one kind, newest first, with `columns`
    (those of the kind's list) besides the status, dates and programme."""
    return (
        model.objects.filter(trainee__user=user)
        .select_related("programme")
        .only(*_TRAINEE_LIST_COLUMNS, *columns)
        .order_by("-created_at")
    )


def application_get(*, model, user, pk, related=_RELATED):
    """One application of one kind through the reader's scope: out of scope is 404, and so is
    one the privacy rules keep from this reader (a draft not theirs, an LTFT application for
    a supervisor), exactly as if it did not exist."""
    queryset = model.objects.select_related(*related)
    application = get_in_scope_or_404(
        queryset, user, trainee="trainee", programme="programme", pk=pk
    )
    if not privacy.may_open_application(
        application_roles(application, user),
        application.kind_slug,
        is_draft=application.status == Status.DRAFT,
    ):
        note_refusal(why="private", obj=application)
        raise Http404("Not available to this reader")
    return application


def application_roles(application, user) -> set[str]:
    """The reader's roles on the application, with ADMIN when their admin role covers it."""
    return privacy.with_admin(
        user, application.roles_of(user), application.programme.local_office_id
    )


def _queue(queryset, *, status_filter: str, sort: str, which: str):
    statuses = QUEUE_FILTERS[which].get(status_filter, QUEUE_FILTERS[which]["waiting"])[1]
    if statuses is not None:
        queryset = queryset.filter(status__in=statuses)
    else:
        queryset = queryset.exclude(status=Status.DRAFT)
    order = QUEUE_SORTS.get(sort, QUEUE_SORTS["start"])[1]
    return queryset.select_related(*QUEUE_RELATED).order_by(*order, "pk")


def tpd_queue(*, user, model, status_filter="waiting", sort="start") -> QuerySet:
    """Applications of one kind in the TPD's programmes."""
    mine = model.objects.filter(programme_id__in=directed_programme_ids(user))
    return _queue(mine, status_filter=status_filter, sort=sort, which="tpd")


def deanery_queue(*, user, model, status_filter="waiting", sort="start") -> QuerySet:
    """Applications of one kind in the deanery reviewer's local offices."""
    mine = model.objects.filter(programme_id__in=office_programme_ids(user, Role.Kind.DEANERY))
    return _queue(mine, status_filter=status_filter, sort=sort, which="deanery")
