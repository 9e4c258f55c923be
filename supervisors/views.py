"""The educational supervisor's pages: their supervisees' plans, and recording meetings. Every
read and write goes through returners' public modules (services, selectors, permissions,
presenters, forms, and the meeting form page from its views)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.audit.services import audit_record
from portal.core.views import post_action, require
from returners import permissions, services
from returners.forms import (
    AgreedActionForm,
    MeetingCancelForm,
    MeetingScheduleForm,
    record_form_class,
)
from returners.presenters import meeting_state, plan_summary, trainee_name
from returners.selectors import meeting_attention, meeting_get, supervisee_list_with_plans
from returners.services.meetings import SIGNED_OFF_MESSAGE
from returners.views.meetings import meeting_form_flow


@login_required
@role_required(Role.Kind.SUPERVISOR)
def home_view(request):
    today = timezone.localdate()
    rows = []
    for membership in supervisee_list_with_plans(user=request.user):
        absence = membership.open_absences[0] if membership.open_absences else None
        summary = plan_summary(absence.plan, today, absence) if absence else None
        rows.append({"membership": membership, "summary": summary})
    return render(request, "supervisors/home.html", {"rows": rows})


def _meeting_for_recording(request, pk):
    meeting = meeting_get(user=request.user, pk=pk)
    require(permissions.can_record_meetings(request.user, meeting.plan.absence))
    return meeting


def _schedule_initial(meeting) -> dict:
    if not meeting.scheduled_start:
        return {}
    local = timezone.localtime(meeting.scheduled_start)
    return {
        "on": local.date(),
        "start_time": local.strftime("%H:%M"),
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "video_link": meeting.video_link,
    }


@login_required
def meeting_schedule_view(request, pk):
    meeting = _meeting_for_recording(request, pk)

    def act(form):
        data = form.cleaned_data
        return services.meeting_schedule(
            meeting=meeting,
            actor=request.user,
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            location=data["location"],
            video_link=data["video_link"],
        )

    return meeting_form_flow(
        request,
        meeting,
        MeetingScheduleForm,
        form_kwargs={"initial": _schedule_initial(meeting)},
        act=act,
        success_message=_scheduled_message,
        heading="Schedule the meeting",
        intro=_schedule_intro(meeting),
    )


def _schedule_intro(meeting) -> str:
    state = meeting_state(meeting, timezone.localdate())
    if state.absence_begun:
        return f"{state.text}."
    return f"It is due by {meeting.due_on:%-d %B %Y}."


def _scheduled_message(meeting) -> str:
    """Arranged at a time its window or the absence rules out (docs/rules.md §6): it is
    saved, as people may have good reason, but said plainly."""
    text = "Meeting scheduled. We have emailed you both; add it to your calendar below."
    warnings = meeting_attention(meeting, meeting.plan.absence)
    return " ".join([text, *warnings])


@login_required
def meeting_cancel_view(request, pk):
    meeting = _meeting_for_recording(request, pk)
    return meeting_form_flow(
        request,
        meeting,
        MeetingCancelForm,
        service=services.meeting_cancel,
        success_message="Meeting cancelled. We have told you both; schedule it again when you can.",
        heading="Cancel the meeting",
    )


@login_required
def meeting_log_view(request, pk):
    meeting = _meeting_for_recording(request, pk)
    if meeting.is_signed_off:
        messages.info(request, SIGNED_OFF_MESSAGE)
        return redirect(meeting)
    form_class = record_form_class(meeting)
    if request.method == "GET" and meeting.health_notes:
        # The form shows the stored occupational health notes back to the supervisor.
        audit_record(
            action="supportt.health_view", actor=request.user, obj=meeting, request=request
        )
    return meeting_form_flow(
        request,
        meeting,
        form_class,
        form_kwargs={
            "initial": form_class.initial_from(meeting) if meeting.is_held else {},
            "meeting": meeting,
        },
        act=lambda form: services.meeting_log(
            meeting=meeting,
            actor=request.user,
            held_on=form.cleaned_data["held_on"],
            content=form.content(),
            health_notes=form.health_notes(),
        ),
        success_message="Record saved. Add any agreed actions, then sign it off.",
        heading=f"Record the {meeting.get_kind_display().lower()}",
        caption=trainee_name(meeting),
    )


@login_required
def meeting_action_add_view(request, pk):
    meeting = _meeting_for_recording(request, pk)
    return meeting_form_flow(
        request,
        meeting,
        AgreedActionForm,
        service=services.meeting_action_add,
        success_message="Action added.",
        heading="Add an agreed action",
    )


@login_required
@require_POST
def meeting_action_remove_view(request, pk, action_id):
    meeting = _meeting_for_recording(request, pk)
    return post_action(
        request,
        act=lambda: services.meeting_action_remove(
            meeting=meeting, actor=request.user, action_id=action_id
        ),
        success_message="Action removed.",
        success_url=meeting.get_absolute_url(),
    )


@login_required
@require_POST
def meeting_sign_off_view(request, pk):
    meeting = _meeting_for_recording(request, pk)
    return post_action(
        request,
        act=lambda: services.meeting_sign_off(meeting=meeting, actor=request.user),
        success_message="Record signed off. We have asked the trainee to acknowledge it.",
        success_url=meeting.get_absolute_url(),
    )
