"""Reads of SuppoRTT records, always through the reader's scope (out of scope is 404)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal.accounts.models import Role
from portal.accounts.scopes import get_in_scope_or_404, office_ids, scope_q
from returners.choices import NOT_HELD
from returners.models import (
    Absence,
    AbsenceReason,
    KeepInTouchDay,
    Meeting,
    MeetingKind,
    MeetingStatusChange,
    ReturnPlan,
    SupporttSettings,
    SurveyAnswer,
    SurveyInvitation,
)
from trainees.models import LocalOffice, ProgrammeMembership, Trainee

# Lookup paths from each model to its trainee and programme, for scope_q.
ABSENCE_SCOPE = {"trainee": "membership__trainee", "programme": "membership__programme"}
PLAN_SCOPE = {
    "trainee": "absence__membership__trainee",
    "programme": "absence__membership__programme",
}
MEETING_SCOPE = {
    "trainee": "plan__absence__membership__trainee",
    "programme": "plan__absence__membership__programme",
}
_ABSENCE_RELATED = (
    "membership__trainee__user",
    "membership__programme__local_office",
    "membership__educational_supervisor",
)


def supportt_settings_get(*, office: LocalOffice) -> SupporttSettings:
    """The office's timings, or the national defaults (not saved) when it has set none."""
    try:
        return SupporttSettings.objects.get(local_office=office)
    except SupporttSettings.DoesNotExist:
        return SupporttSettings(local_office=office)


def _plan_meetings() -> Prefetch:
    return Prefetch("plan__meetings", queryset=Meeting.objects.order_by("due_on"))


def absence_get(*, user, pk) -> Absence:
    queryset = Absence.objects.select_related(*_ABSENCE_RELATED, "plan").prefetch_related(
        _plan_meetings()
    )
    return get_in_scope_or_404(queryset, user, **ABSENCE_SCOPE, pk=pk)


def meeting_get(*, user, pk) -> Meeting:
    queryset = Meeting.objects.select_related(
        *(f"plan__absence__{path}" for path in _ABSENCE_RELATED),
        "logged_by",
        "signed_off_by",
    ).prefetch_related(
        "actions",
        "addenda__author",
        Prefetch("status_changes", queryset=MeetingStatusChange.objects.select_related("actor")),
    )
    return get_in_scope_or_404(queryset, user, **MEETING_SCOPE, pk=pk)


def plan_history(*, plan: ReturnPlan) -> QuerySet[MeetingStatusChange]:
    """Every move of the plan's meetings, oldest first: who scheduled, recorded, signed off and
    acknowledged each one, and when. The plan was fetched in the reader's scope."""
    return (
        MeetingStatusChange.objects.filter(meeting__plan=plan)
        .select_related("actor", "meeting")
        .order_by("created_at", "pk")
    )


def _next_due_subquery(plan_path: str) -> Subquery:
    """The earliest due date among the plan's meetings not held yet: the urgency sort key."""
    return Subquery(
        Meeting.objects.not_held()
        .filter(**{"plan": OuterRef(plan_path)})
        .order_by("due_on")
        .values("due_on")[:1]
    )


def plan_list(*, user, status: str | None = ReturnPlan.Status.OPEN) -> QuerySet[ReturnPlan]:
    """Plans in the user's scope, most urgent first: the earliest due date of a meeting not held
    yet (so the longest overdue comes first), then plans with nothing left to hold."""
    plans = ReturnPlan.objects.filter(scope_q(user, **PLAN_SCOPE))
    if status:
        plans = plans.filter(status=status)
    return (
        plans.select_related("absence__membership__trainee__user", "absence__membership__programme")
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.order_by("due_on")))
        .annotate(next_due=_next_due_subquery("pk"))
        .order_by("next_due", "absence__membership__trainee__user__last_name", "pk")
    )


def absence_list_for_trainee(*, user, trainee: Trainee) -> QuerySet[Absence]:
    """A trainee's absences with their plans, newest first, as far as `user` may see them."""
    return (
        Absence.objects.for_trainee(trainee)
        .filter(scope_q(user, **ABSENCE_SCOPE))
        .select_related("membership__programme", "plan")
        .prefetch_related(_plan_meetings())
        .order_by("-starts_on")
    )


def trainee_find(*, user, gmc_number: str) -> Trainee | None:
    """The trainee with this GMC number if the user may see them; None whether they do not
    exist or are out of scope, so the answer reveals nothing."""
    return (
        Trainee.objects.filter(scope_q(user, trainee="pk", programme=None))
        .filter(gmc_number=gmc_number)
        .select_related("user")
        .first()
    )


def kit_day_list(*, absence: Absence) -> QuerySet[KeepInTouchDay]:
    return absence.kit_days.order_by("on")


def kit_day_get(*, absence: Absence, pk) -> KeepInTouchDay:
    """One day of an absence already fetched in the reader's scope (404 otherwise)."""
    return get_object_or_404(absence.kit_days, pk=pk)


def kit_day_counts(*, absence: Absence) -> dict[str, int]:
    rows = absence.kit_days.values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def health_meetings(*, absence: Absence) -> QuerySet[Meeting]:
    """Meetings of the absence's plan that hold occupational health notes. Callers check
    `rules.can_view_health` and write the audit row first."""
    return Meeting.objects.filter(plan__absence=absence).exclude(health_notes="").order_by("due_on")


def has_health_details(absence: Absence) -> bool:
    """Whether there are sickness or occupational health details to show: a sickness absence
    (its details may be added later) or notes recorded at a meeting. Uses the prefetched
    meetings of `absence_get`."""
    if absence.reason == AbsenceReason.SICKNESS or absence.sickness_details:
        return True
    plan = getattr(absence, "plan", None)
    return any(meeting.health_notes for meeting in plan.meetings.all()) if plan else False


def meetings_due_between(*, start, end) -> QuerySet[Meeting]:
    """Meetings not held yet whose due date falls in [start, end], for reminder sweeps (no
    user: system jobs only). Uses the partial index on due_on."""
    return (
        Meeting.objects.not_held()
        .filter(plan__status=ReturnPlan.Status.OPEN, due_on__gte=start, due_on__lte=end)
        .select_related(
            "plan__absence__membership__trainee__user",
            "plan__absence__membership__educational_supervisor",
        )
    )


def overdue_counts(*, user, today) -> dict:
    """How many open plans in scope have an overdue meeting, and how many plans are open."""
    plans = ReturnPlan.objects.filter(scope_q(user, **PLAN_SCOPE), status=ReturnPlan.Status.OPEN)
    return plans.aggregate(
        open=Count("pk", distinct=True),
        overdue=Count(
            "pk",
            distinct=True,
            filter=Q(meetings__status__in=NOT_HELD, meetings__due_on__lt=today),
        ),
        next_due=Min("meetings__due_on", filter=Q(meetings__status__in=NOT_HELD)),
    )


def supervisee_list_with_plans(*, user) -> QuerySet[ProgrammeMembership]:
    """The user's supervisees, each with their open return plans (`open_absences`, meetings
    prefetched), most urgent first: the earliest due date of a meeting not held yet, so the
    longest overdue leads; supervisees with nothing due follow, by name.

    Three queries whatever the number of supervisees: memberships, absences, meetings.
    """
    open_absences = (
        Absence.objects.filter(plan__status=ReturnPlan.Status.OPEN)
        .select_related("plan")
        .prefetch_related(_plan_meetings())
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


# What needs attention after the dates moved (docs/rules.md §6, §7) ----------------------------


@dataclass(frozen=True)
class Attention:
    """One thing that no longer fits the absence's dates, with the record to put it right."""

    text: str
    meeting: Meeting | None = None
    kit_day: KeepInTouchDay | None = None


def _day(value) -> str:
    return f"{value:%-d %B %Y}"


def meeting_attention(meeting: Meeting, absence: Absence) -> list[str]:
    """Why a meeting not held yet is arranged at the wrong time, if it is: outside its window
    (§6), a pre-absence meeting on or after the absence's first day (even when its window
    itself falls after that day, the absence having begun before it was logged), a pre-return
    one after the return. For a meeting held, whether it was held outside its window; nothing
    for a meeting not arranged."""
    if meeting.is_held:
        return _held_attention(meeting)
    if meeting.scheduled_start is None:
        return []
    on = timezone.localdate(meeting.scheduled_start)
    problems = []
    opens_on, due_on = meeting.opens_on, meeting.due_on
    if meeting.kind == MeetingKind.PRE_ABSENCE and on >= absence.starts_on:
        problems.append(f"on or after the first day of the absence ({_day(absence.starts_on)})")
        # Only the part of the window before the absence can still be offered.
        due_on = min(due_on, absence.starts_on - timedelta(days=1))
    if meeting.kind == MeetingKind.PRE_RETURN and on >= absence.return_on:
        problems.append(f"on or after the return ({_day(absence.return_on)})")
    if on > meeting.due_on:
        problems.append(f"after it was due by {_day(meeting.due_on)}")
    elif on < meeting.opens_on:
        problems.append(f"before its window opens on {_day(meeting.opens_on)}")
    if not problems:
        return []
    if opens_on > due_on:
        advice = (
            "The absence began before the meeting could be held, so it can no longer come "
            f"before it: hold it as soon as you can (it was due by {_day(meeting.due_on)})."
        )
    elif opens_on == due_on:
        advice = f"Move it to {_day(due_on)}."
    else:
        advice = f"Move it to a date between {_day(opens_on)} and {_day(due_on)}."
    return [
        f"The {meeting.get_kind_display().lower()} is arranged for {_day(on)}, "
        f"{' and '.join(problems)}. {advice}"
    ]


def _held_attention(meeting: Meeting) -> list[str]:
    """Said, not refused: people may have had reason to meet early or late (§6)."""
    name, held = meeting.get_kind_display().lower(), _day(meeting.held_on)
    if meeting.held_on < meeting.opens_on:
        return [
            f"The {name} was held on {held}, before its window opened on {_day(meeting.opens_on)}."
        ]
    if meeting.held_on > meeting.due_on:
        return [f"The {name} was held on {held}, after it was due by {_day(meeting.due_on)}."]
    return []


def absence_attention(absence: Absence) -> list[Attention]:
    """What depends on the absence's dates and no longer fits them: KIT or SPLIT days outside
    the absence (§7) and meetings arranged outside their windows (§6). A change of dates moves
    the windows but not what people arranged, so this is shown until someone puts it right."""
    found = []
    last_day = absence.return_on - timedelta(days=1)
    for day in absence.kit_days.order_by("on"):
        if day.on > last_day:
            where = f"on or after the return date ({_day(absence.return_on)})"
        elif day.on < absence.starts_on:
            where = f"before the first day of the absence ({_day(absence.starts_on)})"
        else:
            continue
        found.append(
            Attention(
                f"The {day.kind} day on {_day(day.on)} is {where}. Change its date or remove it.",
                kit_day=day,
            )
        )
    plan = getattr(absence, "plan", None)
    # A meeting held cannot be moved: only its own page says when it fell outside its window.
    for meeting in plan.meetings.all() if plan else []:
        if meeting.is_held:
            continue
        found += [Attention(text, meeting=meeting) for text in meeting_attention(meeting, absence)]
    return found


# The returners' survey (docs/rules.md §14) ---------------------------------------------------


def survey_absence_get(*, user, pk) -> Absence:
    """The survey belongs to the returner alone: anyone else's absence is 404, whatever their
    role, since nobody else may answer for them."""
    queryset = Absence.objects.select_related(
        "membership__programme__local_office", "membership__programme__specialty", "plan"
    ).annotate(survey_used=Exists(SurveyInvitation.objects.filter(absence=OuterRef("pk"))))
    return get_object_or_404(queryset, pk=pk, membership__trainee__user=user, plan__isnull=False)


def survey_returns_between(*, start, end) -> QuerySet[Absence]:
    """Returns that happened from `start` to `end` (actual return dates), with a plan and a
    survey not answered yet: the people the survey's invitation and reminder are about."""
    return (
        Absence.objects.filter(
            plan__isnull=False,
            actual_return_on__gte=start,
            actual_return_on__lte=end,
            survey_invitation__isnull=True,
        )
        .select_related("membership__trainee__user", "membership__programme__local_office")
        .order_by("actual_return_on", "pk")
    )


@dataclass(frozen=True)
class SurveyComments:
    answers: int
    texts: list[tuple[str, str]]  # (question, text), empty below the fewest answers shown


SURVEY_COMMENT_QUESTIONS = (
    ("helped_most", "What helped most"),
    ("would_have_helped", "What would have helped"),
    ("no_support_other", "Why they had no support"),
)


def survey_comments(*, user, quarter_starts_on) -> SurveyComments:
    """The free-text answers about returns in one quarter, for the user's own offices as a
    deanery reviewer only (not admins: docs/rules.md §14), and only from 5 answers."""
    offices = [pk for pk in office_ids(user, Role.Kind.DEANERY) if pk is not None]
    answers = SurveyAnswer.objects.filter(
        local_office__in=offices, return_quarter_starts_on=quarter_starts_on
    )
    rows = list(answers.values_list(*(name for name, _q in SURVEY_COMMENT_QUESTIONS)))
    if len(rows) < 5:
        return SurveyComments(len(rows), [])
    texts = [
        (question, row[index])
        for row in rows
        for index, (_name, question) in enumerate(SURVEY_COMMENT_QUESTIONS)
        if row[index]
    ]
    # Sorted by the text, so no order (of answering, or of ids) is shown either.
    return SurveyComments(len(rows), sorted(texts, key=lambda pair: (pair[0], pair[1])))
