"""Who may see what. Every view that shows a trainee's records filters through `scope_q`, so
an object outside the user's scope is simply not found (404) and its existence is not revealed.

Each role's rule sits on its own line so that tests can prove every branch.
"""

from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Exists, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from portal.accounts.models import Role, TpdDeputy, User

STAFF_ROLES = {Role.Kind.TPD, Role.Kind.DEANERY, Role.Kind.ADMIN}
# Everyone who can see another person's health data needs a second factor (docs/rules.md §13).
SECOND_FACTOR_ROLES = STAFF_ROLES | {Role.Kind.SUPERVISOR}


def _acting_deputy_rows(user: User, on: date) -> QuerySet:
    return TpdDeputy.objects.filter(deputy=user, starts_on__lte=on, ends_on__gte=on)


def _roles(user: User) -> list[Role]:
    # Read once per request and kept on the user object; roles are never cached across
    # requests, so a change takes effect on the next one. Whether the user is deputising for
    # a TPD today rides along on the same query (every page needs both), so it costs a
    # second query only for someone with no role at all.
    if not hasattr(user, "_portal_roles"):
        if not user.is_authenticated:
            user._portal_roles = []
        else:
            acting = _acting_deputy_rows(user, timezone.localdate())
            user._portal_roles = list(user.roles.annotate(acting_deputy=Exists(acting)))
            if user._portal_roles:
                user._portal_deputy = user._portal_roles[0].acting_deputy
    return user._portal_roles


def role_kinds(user: User) -> set[str]:
    kinds = {role.kind for role in _roles(user)}
    if user.is_authenticated and is_acting_deputy(user):
        kinds.add(Role.Kind.TPD)
    return kinds


def is_acting_deputy(user: User, on: date | None = None) -> bool:
    if on is not None and on != timezone.localdate():
        return _acting_deputy_rows(user, on).exists()
    _roles(user)
    if not hasattr(user, "_portal_deputy"):
        user._portal_deputy = _acting_deputy_rows(user, timezone.localdate()).exists()
    return user._portal_deputy


def requires_mfa(user: User) -> bool:
    """Supervisors, staff roles and anyone who can open the Django admin must verify a second
    factor. (A trainee may choose one: see `MfaRequiredMiddleware`.)"""
    return user.is_staff or user.is_superuser or bool(role_kinds(user) & SECOND_FACTOR_ROLES)


def _trainee_model(name: str):
    """Scopes filter through programmes and memberships, which the trainees app (a layer up)
    owns: found in Django's app registry by label, as a swappable model is, not imported."""
    return apps.get_model("trainees", name)


def office_ids(user: User, kind: str) -> list[int | None]:
    return [role.local_office_id for role in _roles(user) if role.kind == kind]


def reviewed_offices(user: User) -> QuerySet:
    """The local offices whose own business the user runs (imports, settings): a deanery
    reviewer's office, an admin's office, or every office for an admin without one."""
    LocalOffice = _trainee_model("LocalOffice")
    admin = office_ids(user, Role.Kind.ADMIN)
    if None in admin:
        return LocalOffice.objects.all()
    return LocalOffice.objects.filter(pk__in=[*admin, *office_ids(user, Role.Kind.DEANERY)])


def directed_programmes(user: User, on: date | None = None) -> QuerySet:
    """Programmes the user directs, and those of any TPD they are deputising for today."""
    Programme = _trainee_model("Programme")
    on = on or timezone.localdate()
    deputising_for = TpdDeputy.objects.filter(
        deputy=user, starts_on__lte=on, ends_on__gte=on
    ).values("tpd")
    return Programme.objects.filter(Q(tpds=user) | Q(tpds__in=deputising_for)).distinct()


def directed_programme_ids(user: User) -> list[int]:
    """The ids of `directed_programmes(user)` today, read once per request like the roles.

    Queries filter on this literal list rather than on a subquery: PostgreSQL then estimates
    how many applications a programme holds and uses the (programme, status) indexes, where
    the subquery made it scan every open application in the country."""
    if not hasattr(user, "_portal_directed"):
        user._portal_directed = (
            list(directed_programmes(user).values_list("pk", flat=True))
            if user.is_authenticated and Role.Kind.TPD in role_kinds(user)
            else []
        )
    return user._portal_directed


def office_programme_ids(user: User, kind: str) -> list[int]:
    """The ids of the programmes in the local offices where the user holds `kind`, read once
    per request (a literal list plans better than a join, as for `directed_programme_ids`)."""
    Programme = _trainee_model("Programme")
    if not hasattr(user, "_portal_office_programmes"):
        user._portal_office_programmes = {}
    cache = user._portal_office_programmes
    if kind not in cache:
        offices = office_ids(user, kind)
        cache[kind] = (
            list(Programme.objects.filter(local_office__in=offices).values_list("pk", flat=True))
            if offices
            else []
        )
    return cache[kind]


def scope_q(user: User, *, trainee: str = "trainee", programme: str | None = "programme") -> Q:
    """A filter for rows the user may see.

    `trainee` is the lookup path from the model to its Trainee ("pk" for Trainee itself);
    `programme` the path to the Programme the row belongs to, or None when the row belongs to
    the trainee as a whole (then any programme of theirs in scope will do).
    """
    ProgrammeMembership, Trainee = _trainee_model("ProgrammeMembership"), _trainee_model("Trainee")
    nothing = Q(pk__in=[])
    if not user.is_authenticated or not user.is_active:
        return nothing
    kinds = role_kinds(user)
    tid = f"{trainee}__in" if trainee == "pk" else f"{trainee}_id__in"

    def programme_filter(programmes_q: Q) -> Q:
        if programme is not None:
            return Q(**{f"{programme}__in": _programmes(programmes_q)})
        members = ProgrammeMembership.objects.filter(
            programme__in=_programmes(programmes_q)
        ).values("trainee")
        return Q(**{tid: members})

    admin_offices = office_ids(user, Role.Kind.ADMIN)
    if None in admin_offices:
        return Q()

    q = Q(**{tid: Trainee.objects.filter(user=user).values("pk")})
    if Role.Kind.SUPERVISOR in kinds:
        supervised = ProgrammeMembership.objects.filter(educational_supervisor=user)
        q |= Q(**{tid: supervised.values("trainee")})
    if Role.Kind.TPD in kinds:
        directed = directed_programme_ids(user)
        q |= (
            Q(**{f"{programme}__in": directed})
            if programme is not None
            else programme_filter(Q(pk__in=directed))
        )
    deanery_offices = office_ids(user, Role.Kind.DEANERY)
    if deanery_offices:
        q |= programme_filter(Q(local_office__in=deanery_offices))
    if admin_offices:
        q |= programme_filter(Q(local_office__in=admin_offices))
    return q


def _programmes(condition: Q):
    Programme = _trainee_model("Programme")
    return Programme.objects.filter(condition).values("pk")


def get_in_scope_or_404(
    queryset: QuerySet, user: User, *, trainee="trainee", programme=None, **lookup
):
    """Fetch one object through the user's scope. Out of scope and missing look the same."""
    try:
        return queryset.filter(scope_q(user, trainee=trainee, programme=programme)).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError) as exc:
        _note_if_out_of_scope(queryset, lookup)
        raise Http404 from exc


def _note_if_out_of_scope(queryset: QuerySet, lookup: dict) -> None:
    """The person still gets a plain 404; the audit log learns the record exists for someone
    else (an attempt to reach another person's data, ASVS 16.3.2). One query, refusals only."""
    from portal.audit.context import note_refusal

    try:
        pk = queryset.model._default_manager.filter(**lookup).values_list("pk", flat=True).first()
    except (ValueError, ValidationError):
        return
    if pk is not None:
        note_refusal(
            why="out_of_scope", object_type=queryset.model._meta.label_lower, object_id=str(pk)
        )
