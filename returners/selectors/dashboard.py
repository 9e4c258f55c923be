"""The deanery's returners dashboard: who is away now, who is due back soon, whose plan has a
meeting overdue and whose absence needs a plan and has none, in the reviewer's local offices.

Four queries whatever the number of trainees, one a section; each section is sorted by urgency
in the database (the soonest return first, the most overdue first)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, DateField, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from portal.accounts.scopes import reviewed_offices, scope_q
from portal.core.dates import add_months
from returners.choices import NOT_HELD
from returners.eligibility import needs_plan
from returners.models import Absence, Meeting, ReturnPlan
from returners.selectors import ABSENCE_SCOPE
from trainees.models import Programme, Specialty

# "Due back in the next 3 months": the return falls from today to the same day 3 months on.
DUE_BACK_MONTHS = 3
# No 3 calendar months are shorter than 89 days (February, then two 30-day months at most
# shortened by the day clamp), so fewer days never qualify (docs/rules.md §6).
_SHORTEST_QUALIFYING_DAYS = 28 + 30 + 30


@dataclass(frozen=True)
class DashboardFilters:
    specialty: Specialty | None = None
    programme: Programme | None = None


@dataclass
class ReturnersDashboard:
    """Each section's absences, in order. Every absence has `returns_on` (the actual return
    once recorded, else the expected one); those of `meeting_overdue` also `overdue_since`,
    `overdue_kind` and `overdue_count`."""

    away_now: list[Absence] = field(default_factory=list)
    due_back: list[Absence] = field(default_factory=list)
    meeting_overdue: list[Absence] = field(default_factory=list)
    no_plan: list[Absence] = field(default_factory=list)


def _absences(*, user, filters: DashboardFilters) -> QuerySet[Absence]:
    """Absences in the user's scope and in the offices they review: a reviewer who also
    supervises elsewhere sees their office's returners here, not their supervisees."""
    absences = Absence.objects.filter(
        scope_q(user, **ABSENCE_SCOPE),
        membership__programme__local_office__in=reviewed_offices(user),
    )
    if filters.specialty:
        absences = absences.filter(membership__programme__specialty=filters.specialty)
    if filters.programme:
        absences = absences.filter(membership__programme=filters.programme)
    return absences.select_related(
        "membership__trainee__user", "membership__programme__specialty", "plan"
    ).annotate(
        returns_on=Coalesce("actual_return_on", "expected_return_on", output_field=DateField())
    )


def _by_return(absences: QuerySet[Absence]) -> QuerySet[Absence]:
    return absences.order_by("returns_on", "membership__trainee__user__last_name", "pk")


def away_now(*, user, today: date, filters: DashboardFilters) -> QuerySet[Absence]:
    """Absences that have begun and whose return is still to come, the soonest return first."""
    absences = _absences(user=user, filters=filters)
    return _by_return(absences.filter(starts_on__lte=today, returns_on__gt=today))


def due_back(*, user, today: date, filters: DashboardFilters) -> QuerySet[Absence]:
    """Returns not yet recorded that are due from today to 3 months from today, both included,
    the soonest first."""
    absences = _absences(user=user, filters=filters).filter(
        actual_return_on__isnull=True,
        expected_return_on__gte=today,
        expected_return_on__lte=add_months(today, DUE_BACK_MONTHS),
    )
    return _by_return(absences)


def meeting_overdue(*, user, today: date, filters: DashboardFilters) -> QuerySet[Absence]:
    """Open plans with a meeting not held by its due date (docs/rules.md §6), the one overdue
    longest first."""
    overdue = Q(plan__meetings__status__in=NOT_HELD, plan__meetings__due_on__lt=today)
    first_overdue = (
        Meeting.objects.not_held()
        .filter(plan__absence=OuterRef("pk"), due_on__lt=today)
        .order_by("due_on")
    )
    return (
        _absences(user=user, filters=filters)
        .filter(plan__status=ReturnPlan.Status.OPEN)
        .annotate(
            overdue_since=Min("plan__meetings__due_on", filter=overdue),
            overdue_count=Count("plan__meetings", filter=overdue),
            overdue_kind=Subquery(first_overdue.values("kind")[:1]),
        )
        .filter(overdue_since__isnull=False)
        .order_by("overdue_since", "membership__trainee__user__last_name", "pk")
    )


def no_plan(*, user, today: date, filters: DashboardFilters) -> list[Absence]:
    """Absences of 3 months or more (`eligibility.needs_plan`, docs/rules.md §6) with no return
    plan, not yet over, the soonest return first. An absence over without a plan is history,
    not something the deanery can still put right."""
    candidates = _by_return(
        _absences(user=user, filters=filters).filter(
            plan__isnull=True,
            returns_on__gte=today,
            # Only absences long enough that they may qualify; the calendar rule (a month's
            # last day when the day does not exist) is the pure function's, below.
            expected_return_on__gte=F("starts_on") + timedelta(days=_SHORTEST_QUALIFYING_DAYS),
        )
    )
    return [
        absence
        for absence in candidates
        if needs_plan(absence.starts_on, absence.expected_return_on)
    ]


def returners_dashboard(*, user, today: date, filters: DashboardFilters) -> ReturnersDashboard:
    """The four sections for the deanery reviewer or admin `user`. Four queries."""
    return ReturnersDashboard(
        away_now=list(away_now(user=user, today=today, filters=filters)),
        due_back=list(due_back(user=user, today=today, filters=filters)),
        meeting_overdue=list(meeting_overdue(user=user, today=today, filters=filters)),
        no_plan=no_plan(user=user, today=today, filters=filters),
    )


def dashboard_specialties(*, user) -> QuerySet[Specialty]:
    """The specialties of the programmes in the offices the user reviews, to filter by."""
    programmes = Programme.objects.filter(local_office__in=reviewed_offices(user))
    return Specialty.objects.filter(programmes__in=programmes).distinct().order_by("name")


def dashboard_programmes(*, user) -> QuerySet[Programme]:
    return Programme.objects.filter(local_office__in=reviewed_offices(user)).order_by("name", "pk")
