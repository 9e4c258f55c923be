"""What the pages say about a plan and its meetings: due, overdue, waiting for whom. Pure
functions over rows already loaded, so templates stay free of logic and queries."""

from dataclasses import dataclass, field
from datetime import date

from returners.models import Absence, Meeting, ReturnPlan
from returners.windows import es_end


@dataclass(frozen=True)
class MeetingState:
    meeting: Meeting
    tag: str
    colour: str
    text: str
    overdue: bool = False
    needs_action: bool = True


def _d(day: date) -> str:
    return f"{day:%-d %B %Y}"


def meeting_state(meeting: Meeting, today: date) -> MeetingState:
    if meeting.status == Meeting.Status.PENDING:
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
    states = [meeting_state(m, today) for m in sorted(plan.meetings.all(), key=lambda m: m.order)]
    waiting = [state for state in states if state.needs_action]
    return PlanSummary(
        plan=plan,
        absence=absence,
        meetings=states,
        next=waiting[0] if waiting else None,
        overdue=[state for state in states if state.overdue],
        es_ends_on=es_end(absence.return_on, plan.es_total_days) if plan.es_total_days else None,
    )
