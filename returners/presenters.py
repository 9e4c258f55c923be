"""What the pages say about a plan and its meetings: due, overdue, waiting for whom. Pure
functions over rows already loaded, so templates stay free of logic and queries."""

from dataclasses import dataclass, field
from datetime import date

from django import forms as django_forms
from django.utils import timezone

from portal.nhsuk.forms import DateField
from returners.deadlines import enhanced_supervision_end
from returners.forms.meeting_records import HEALTH_FIELD, HELD_ON, record_form_class
from returners.models import Absence, Meeting, MeetingKind, ReturnPlan
from returners.selectors import absence_list_for_trainee


@dataclass(frozen=True)
class MeetingState:
    meeting: Meeting
    tag: str
    colour: str
    text: str
    overdue: bool = False
    needs_action: bool = True
    absence_begun: bool = False


def _d(day: date) -> str:
    return f"{day:%-d %B %Y}"


def trainee_name(meeting: Meeting) -> str:
    return meeting.plan.absence.membership.trainee.user.get_full_name()


def meeting_caption(meeting: Meeting) -> str:
    return f"{trainee_name(meeting)}: {meeting.get_kind_display().lower()}"


def meeting_state(meeting: Meeting, today: date, absence: Absence | None = None) -> MeetingState:
    absence = absence or meeting.plan.absence
    if (
        not meeting.is_held
        and meeting.kind == MeetingKind.PRE_ABSENCE
        and today >= absence.starts_on
    ):
        # Its due date can no longer put it before the absence (docs/rules.md §6).
        overdue = today > meeting.due_on
        return MeetingState(
            meeting,
            "Overdue" if overdue else "Late",
            "red" if overdue else "orange",
            (f"Was due by {_d(meeting.due_on)}. " if overdue else "")
            + f"The absence began on {_d(absence.starts_on)}, so this meeting can no longer "
            f"come before it: hold it as soon as you can"
            + ("" if overdue else f" (due by {_d(meeting.due_on)})"),
            overdue=overdue,
            absence_begun=True,
        )
    if not meeting.is_held:
        if today > meeting.due_on:
            return MeetingState(
                meeting, "Overdue", "red", f"Was due by {_d(meeting.due_on)}", overdue=True
            )
        if today >= meeting.opens_on:
            return MeetingState(meeting, "Due", "yellow", f"Due by {_d(meeting.due_on)}")
        return MeetingState(
            meeting,
            "Not due yet",
            "grey",
            f"Due between {_d(meeting.opens_on)} and {_d(meeting.due_on)}",
        )
    if meeting.status == Meeting.Status.LOGGED:
        return MeetingState(
            meeting, "Waiting for sign-off", "blue", f"Held on {_d(meeting.held_on)}"
        )
    if meeting.status == Meeting.Status.SIGNED_OFF:
        return MeetingState(
            meeting,
            "Waiting for the trainee",
            "purple",
            f"Held on {_d(meeting.held_on)}, signed off, waiting for the trainee to acknowledge",
        )
    return MeetingState(
        meeting, "Complete", "green", f"Held on {_d(meeting.held_on)}", needs_action=False
    )


@dataclass
class PlanSummary:
    plan: ReturnPlan
    absence: Absence
    meetings: list[MeetingState]
    next: MeetingState | None
    overdue: list[MeetingState] = field(default_factory=list)
    es_ends_on: date | None = None

    @property
    def is_overdue(self) -> bool:
        return bool(self.overdue)


def plan_summary(plan: ReturnPlan, today: date, absence: Absence | None = None) -> PlanSummary:
    """The plan's meetings in order, what is next (the earliest meeting still needing someone
    to act) and what is late. Uses `plan.meetings.all()`, so prefetch it."""
    absence = absence or plan.absence
    states = [
        meeting_state(m, today, absence) for m in sorted(plan.meetings.all(), key=lambda m: m.order)
    ]
    waiting = [state for state in states if state.needs_action]
    return PlanSummary(
        plan=plan,
        absence=absence,
        meetings=states,
        next=waiting[0] if waiting else None,
        overdue=[state for state in states if state.overdue],
        es_ends_on=enhanced_supervision_end(absence.return_on, plan.es_total_days)
        if plan.es_total_days
        else None,
    )


@dataclass(frozen=True)
class DashboardLine:
    absence: Absence
    url: str
    when: str
    tag: str = ""
    colour: str = ""


@dataclass(frozen=True)
class DashboardSection:
    slug: str
    title: str
    when_heading: str
    empty: str
    lines: list[DashboardLine]


def _plan_url(absence: Absence) -> str:
    """Where a line leads: the plan on the absence's page, or the absence when it has none."""
    url = absence.get_absolute_url()
    return f"{url}#plan" if getattr(absence, "plan", None) else url


def _line(absence: Absence, when: str, tag: str = "", colour: str = "") -> DashboardLine:
    return DashboardLine(absence, _plan_url(absence), when, tag, colour)


def _returns(absence: Absence, today: date) -> str:
    return "Today" if absence.returns_on == today else _d(absence.returns_on)


def _overdue(absence: Absence) -> str:
    kind = MeetingKind(absence.overdue_kind).label
    more = absence.overdue_count - 1
    also = f" (and {more} more)" if more else ""
    return f"{kind} was due by {_d(absence.overdue_since)}{also}"


def dashboard_sections(dashboard, today: date) -> list[DashboardSection]:
    """The returners dashboard's four sections (`selectors.dashboard.ReturnersDashboard`)."""
    return [
        DashboardSection(
            "away-now",
            "Away now",
            "Returns",
            "No trainees are away now.",
            [_line(a, _returns(a, today)) for a in dashboard.away_now],
        ),
        DashboardSection(
            "due-back",
            "Due back in the next 3 months",
            "Returns",
            "No trainees are due back in the next 3 months.",
            [_line(a, _returns(a, today)) for a in dashboard.due_back],
        ),
        DashboardSection(
            "meeting-overdue",
            "With a meeting overdue",
            "Overdue meeting",
            "No plans have a meeting overdue.",
            [_line(a, _overdue(a), "Overdue", "red") for a in dashboard.meeting_overdue],
        ),
        DashboardSection(
            "no-plan",
            "With no plan",
            "Returns",
            "Every absence of 3 months or more has a plan.",
            [_line(a, _returns(a, today), "No plan", "orange") for a in dashboard.no_plan],
        ),
    ]


def record_rows(meeting: Meeting) -> list[tuple[str, str]]:
    """(question, answer) pairs for showing a stored record, in the form's order. Health
    notes are left out: they are shown only on the audited health page."""
    rows = []
    for name, form_field in record_form_class(meeting).base_fields.items():
        if name in (HELD_ON, HEALTH_FIELD) or name not in meeting.content:
            continue
        rows.append((str(form_field.label), _display(form_field, meeting.content[name])))
    return rows


def _display(field: django_forms.Field, value) -> str:
    if value in (None, "", []):
        return "Not recorded"
    labels = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list):
        return ", ".join(str(labels.get(item, item)) for item in value)
    if isinstance(field, DateField):
        return f"{date.fromisoformat(value):%-d %B %Y}"
    return str(labels.get(value, value))


# What the history says happened, by transition name (returners.transitions).
HISTORY_LABELS = {
    "schedule": "Scheduled",
    "reschedule": "Rescheduled",
    "cancel": "Cancelled",
    "record": "Recorded",
    "correct": "Record corrected",
    "sign_off": "Signed off",
    "acknowledge": "Acknowledged",
}
ROLE_NAMES = {
    "OWNER": "trainee",
    "SUPERVISOR": "educational supervisor",
    "TPD": "training programme director",
}


@dataclass(frozen=True)
class HistoryEntry:
    meeting: Meeting
    what: str
    who: str
    when: object  # an aware datetime
    reason: str


def meeting_history(changes) -> list[HistoryEntry]:
    """One line per move, for a meeting's page or a plan's timeline."""
    entries = []
    for change in changes:
        if change.actor is not None:
            role = ROLE_NAMES.get(change.actor_role, "")
            who = change.actor.get_full_name() + (f" ({role})" if role else "")
        else:
            who = change.system_actor or "The portal"
        entries.append(
            HistoryEntry(
                meeting=change.meeting,
                what=HISTORY_LABELS.get(change.transition, change.transition),
                who=who,
                when=change.created_at,
                reason=change.reason,
            )
        )
    return entries


def trainee_home_panel(*, user, trainee, today: date | None = None) -> dict:
    """The trainee's absences, their plans, and the records waiting for the trainee to
    acknowledge, as far as `user` may see them."""
    today = today or timezone.localdate()
    items = []
    for absence in absence_list_for_trainee(user=user, trainee=trainee):
        plan = getattr(absence, "plan", None)
        summary = plan_summary(plan, today, absence) if plan else None
        to_acknowledge = [
            state.meeting
            for state in (summary.meetings if summary else [])
            if state.meeting.status == Meeting.Status.SIGNED_OFF
        ]
        items.append({"absence": absence, "summary": summary, "to_acknowledge": to_acknowledge})
    return {"items": items, "is_own": trainee.user_id == user.pk}
