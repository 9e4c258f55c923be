"""Meetings: scheduling (with a calendar invite), the record and its sign-off, the trainee's
acknowledgement, and addenda. A signed-off record is locked: every write below checks the
status under a row lock, so two tabs or a double click cannot slip an edit past a sign-off.

Every status change is a move of `returners.transitions.MEETING_TRANSITIONS` made by the shared
engine, which writes the history row (who, in which role, when) in the same transaction. The
emails are outbox rows written in that transaction too, and sent only after it commits.
"""

from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.notifications.audiences import Audience
from portal.notifications.services import notify
from portal.workflow.services import workflow_transition
from returners.models import AgreedAction, Meeting, MeetingAddendum, MeetingKind, ReturnPlan
from returners.services.plans import (
    enhanced_supervision_set,
    return_plan_close,
    return_plan_recompute,
)

SIGNED_OFF_MESSAGE = (
    "This record has been signed off, so it cannot be changed. Add an addendum instead."
)

# Keys of a pre-return record that change the plan when it is signed off. They are stored in
# records already signed off, so they keep their short spelling.
CONFIRMED_RETURN_DATE = "confirmed_return_date"
ENHANCED_SUPERVISION_CHOICE, ENHANCED_SUPERVISION_OPT_OUT = "es_choice", "OPT_OUT"
ENHANCED_SUPERVISION_DAYS = "es_days"
ENHANCED_SUPERVISION_OPT_OUT_REASON = "es_opt_out_reason"
ENHANCED_SUPERVISION_CONTENT = "es_content"


def _locked(meeting: Meeting) -> Meeting:
    # Lock the meeting row only: the supervisor is an outer join, which PostgreSQL cannot lock.
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related(
            "plan__absence__membership__trainee__user",
            "plan__absence__membership__programme",
            "plan__absence__membership__educational_supervisor",
        )
        .get(pk=meeting.pk)
    )


def _link(meeting: Meeting) -> str:
    return reverse("returners:meeting_detail", args=[meeting.pk])


def _move(meeting: Meeting, name: str, *, actor, reason: str = "") -> Meeting:
    """Make one move of the meeting's table; `meeting` is the row this service locked (with its
    plan and people loaded), and takes the status the engine wrote."""
    move = Meeting.TRANSITIONS[name]
    if not meeting.roles_of(actor) & move.actors:
        raise ApplicationError(
            f"Only the trainee's educational supervisor or training programme director can "
            f"{move.label.lower()} this meeting."
            if "OWNER" not in move.actors
            else f"Only the trainee can {move.label.lower()} this record."
        )
    moved = workflow_transition(instance=meeting, name=name, actor=actor, reason=reason)
    meeting.status, meeting.revision = moved.status, moved.revision
    return meeting


def _tell(meeting: Meeting, *, notice: str, to: dict, **context) -> None:
    """Email `to` about the meeting, naming its kind and linking to its page (outbox rows,
    sent after the commit)."""
    notify(
        notice=notice,
        to=to,
        context={"meeting": meeting.get_kind_display(), **context},
        link_path=_link(meeting),
    )


def _tell_both(meeting: Meeting, *, notice: str, **context) -> None:
    """Email the trainee and the supervisor about the arrangements."""
    membership = meeting.plan.absence.membership
    _tell(
        meeting,
        notice=notice,
        to={
            Audience.TRAINEE: [membership.trainee.user],
            Audience.SUPERVISOR: [membership.educational_supervisor],
        },
        trainee_name=membership.trainee.user.get_full_name(),
        **context,
    )


def _schedule_fields(meeting: Meeting, **values) -> None:
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=[*values, "updated_at"])


@transaction.atomic
def meeting_schedule(
    *,
    meeting: Meeting,
    actor,
    starts_at: datetime,
    duration_minutes: int,
    location: str = "",
    video_link: str = "",
) -> Meeting:
    """Set (or move) the meeting's date, time and place, and tell both people, with a link to
    the calendar invite. Moving it bumps the invite's sequence so calendars update it."""
    meeting = _locked(meeting)
    if meeting.is_held:
        raise ApplicationError("This meeting has already been recorded, so it cannot be moved.")
    if starts_at <= timezone.now():
        raise ApplicationError("The meeting must be scheduled for a time in the future.")
    if not (location.strip() or video_link.strip()):
        raise ApplicationError("Enter where the meeting will be, or a video link.")
    rescheduled = meeting.status == Meeting.Status.SCHEDULED
    _schedule_fields(
        meeting,
        scheduled_start=starts_at,
        duration_minutes=duration_minutes,
        location=location.strip(),
        video_link=video_link.strip(),
        invite_sequence=meeting.invite_sequence + (1 if rescheduled else 0),
    )
    _move(meeting, "reschedule" if rescheduled else "schedule", actor=actor)
    audit_record(action="supportt.meeting_schedule", actor=actor, obj=meeting)
    _tell_both(
        meeting,
        notice="supportt_meeting_scheduled",
        rescheduled=rescheduled,
        starts_at=timezone.localtime(starts_at),
        duration_minutes=duration_minutes,
        location=meeting.location,
        video_link=meeting.video_link,
        action_text="View the meeting and add it to your calendar",
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor, reason: str) -> Meeting:
    """Call off the arranged time. The meeting still has to be held, so it goes back to "not
    scheduled" and both people are told why."""
    meeting = _locked(meeting)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ApplicationError("This meeting is not scheduled, so there is nothing to cancel.")
    reason = reason.strip()
    was = timezone.localtime(meeting.scheduled_start)
    # Move first: a scheduled meeting must keep its time until it is no longer scheduled.
    _move(meeting, "cancel", actor=actor, reason=reason)
    _schedule_fields(
        meeting,
        scheduled_start=None,
        duration_minutes=None,
        location="",
        video_link="",
        # The next invite must replace the one still in people's calendars.
        invite_sequence=meeting.invite_sequence + 1,
    )
    audit_record(action="supportt.meeting_cancel", actor=actor, obj=meeting)
    _tell_both(
        meeting,
        notice="supportt_meeting_cancelled",
        starts_at=was,
        reason=reason,
        cancelled_by=actor.get_full_name(),
        action_text="View the meeting",
    )
    return meeting


@transaction.atomic
def meeting_log(
    *, meeting: Meeting, actor, held_on: date, content: dict, health_notes: str = ""
) -> Meeting:
    """Record (or correct, before sign-off) what the meeting covered."""
    meeting = _locked(meeting)
    if meeting.is_signed_off:
        raise ApplicationError(SIGNED_OFF_MESSAGE)
    if held_on > timezone.localdate():
        raise ApplicationError("The date of the meeting cannot be in the future.")
    absence = meeting.plan.absence
    if meeting.kind == MeetingKind.POST_RETURN:
        if not absence.has_returned:
            raise ApplicationError(
                "Record the trainee's return before recording the post-return meeting."
            )
        if held_on < absence.actual_return_on:
            raise ApplicationError(
                "The post-return meeting must be on or after the return date "
                f"({absence.actual_return_on:%-d %B %Y})."
            )
    correcting = meeting.status == Meeting.Status.LOGGED
    meeting.held_on = held_on
    meeting.content = content
    meeting.health_notes = health_notes.strip()
    meeting.logged_by = actor
    meeting.save(update_fields=["held_on", "content", "health_notes", "logged_by", "updated_at"])
    _move(meeting, "correct" if correcting else "record", actor=actor)
    audit_record(action="supportt.meeting_log", actor=actor, obj=meeting)
    return meeting


@transaction.atomic
def meeting_action_add(*, meeting: Meeting, actor, description: str, owner: str) -> AgreedAction:
    meeting = _locked(meeting)
    if meeting.is_signed_off:
        raise ApplicationError(SIGNED_OFF_MESSAGE)
    if not meeting.is_held:
        raise ApplicationError("Record the meeting before adding the actions it agreed.")
    action = AgreedAction.objects.create(
        meeting=meeting, description=description.strip(), owner=owner
    )
    audit_record(action="supportt.meeting_action_add", actor=actor, obj=meeting)
    return action


@transaction.atomic
def meeting_action_remove(*, meeting: Meeting, actor, action_id: int) -> None:
    meeting = _locked(meeting)
    if meeting.is_signed_off:
        raise ApplicationError(SIGNED_OFF_MESSAGE)
    deleted, _ = meeting.actions.filter(pk=action_id).delete()
    if deleted:
        audit_record(action="supportt.meeting_action_remove", actor=actor, obj=meeting)


@transaction.atomic
def meeting_sign_off(*, meeting: Meeting, actor) -> Meeting:
    """Lock the record. A pre-return record then sets the confirmed return date and enhanced
    supervision; a post-return record closes the plan. Signing twice is harmless."""
    meeting = _locked(meeting)
    if meeting.is_signed_off:
        if meeting.signed_off_by_id == actor.pk:
            return meeting
        raise ApplicationError(
            f"This record was already signed off by {meeting.signed_off_by.get_full_name()}."
        )
    if not meeting.is_held:
        raise ApplicationError("Record the meeting before signing it off.")
    meeting.signed_off_by = actor
    meeting.signed_off_at = timezone.now()
    meeting.save(update_fields=["signed_off_by", "signed_off_at", "updated_at"])
    _move(meeting, "sign_off", actor=actor)
    if meeting.kind == MeetingKind.PRE_RETURN:
        _apply_pre_return(meeting)
        audit_record(action="supportt.plan_update", actor=actor, obj=meeting.plan)
    elif meeting.kind == MeetingKind.POST_RETURN:
        return_plan_close(plan=meeting.plan)
        audit_record(action="supportt.plan_close", actor=actor, obj=meeting.plan)
    audit_record(action="supportt.meeting_sign_off", actor=actor, obj=meeting)
    trainee_user = meeting.plan.absence.membership.trainee.user
    _tell(
        meeting,
        notice="supportt_meeting_signed_off",
        to={Audience.TRAINEE: [trainee_user]},
        signed_by=actor.get_full_name(),
        action_text="Read and acknowledge the record",
    )
    return meeting


def _apply_pre_return(meeting: Meeting) -> None:
    # Lock the plan too: an extension recorded at the same moment must not be overwritten.
    plan = (
        ReturnPlan.objects.select_for_update(of=("self",))
        .select_related("absence__membership__programme")
        .get(pk=meeting.plan_id)
    )
    absence = plan.absence
    content = meeting.content
    confirmed = content.get(CONFIRMED_RETURN_DATE)
    if confirmed and not absence.has_returned:
        confirmed = date.fromisoformat(confirmed)
        if confirmed <= absence.starts_on:
            raise ApplicationError("The confirmed return date must be after the absence starts.")
        if confirmed != absence.expected_return_on:
            absence.expected_return_on = confirmed
            absence.save(update_fields=["expected_return_on", "updated_at"])
    enhanced_supervision_set(
        plan=plan,
        days=content.get(ENHANCED_SUPERVISION_DAYS),
        opted_out=content.get(ENHANCED_SUPERVISION_CHOICE) == ENHANCED_SUPERVISION_OPT_OUT,
        opt_out_reason=content.get(ENHANCED_SUPERVISION_OPT_OUT_REASON, ""),
        content=content.get(ENHANCED_SUPERVISION_CONTENT, ""),
    )
    return_plan_recompute(plan=plan)


@transaction.atomic
def meeting_acknowledge(*, meeting: Meeting, actor, comment: str = "") -> Meeting:
    """The trainee confirms they have read the signed-off record, optionally with a comment."""
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.ACKNOWLEDGED:
        return meeting
    if meeting.status != Meeting.Status.SIGNED_OFF:
        raise ApplicationError("This record has not been signed off yet.")
    meeting.acknowledged_at = timezone.now()
    meeting.trainee_comment = comment.strip()
    meeting.save(update_fields=["acknowledged_at", "trainee_comment", "updated_at"])
    _move(meeting, "acknowledge", actor=actor)
    audit_record(action="supportt.meeting_acknowledge", actor=actor, obj=meeting)
    supervisor = meeting.plan.absence.membership.educational_supervisor
    if supervisor is not None:
        _tell(
            meeting,
            notice="supportt_meeting_acknowledged",
            to={Audience.SUPERVISOR: [supervisor]},
            trainee_name=actor.get_full_name(),
            has_comment=bool(meeting.trainee_comment),
            action_text="View the record",
        )
    return meeting


@transaction.atomic
def meeting_addendum_add(*, meeting: Meeting, actor, text: str) -> MeetingAddendum:
    """A correction or addition kept beside a signed-off record, which itself never changes."""
    meeting = _locked(meeting)
    if not meeting.is_signed_off:
        raise ApplicationError(
            "This record has not been signed off yet, so change it instead of adding an addendum."
        )
    if not text.strip():
        raise ApplicationError("Enter the addendum.")
    addendum = MeetingAddendum.objects.create(meeting=meeting, author=actor, text=text.strip())
    audit_record(action="supportt.meeting_addendum", actor=actor, obj=meeting)
    return addendum
