"""The educational supervisor's pages: their supervisees' plans, and recording meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from returners import rules, services
from returners.meeting_records import record_form_class
from returners.presenters import plan_summary
from returners.selectors import meeting_get
from returners.views._common import form_page, posted, require
from supervisors.forms import AgreedActionForm, MeetingScheduleForm
from supervisors.selectors import supervisee_list_with_plans


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
    require(rules.can_record_meetings(request.user, meeting.plan.absence))
    return meeting


def _meeting_url(meeting) -> str:
    return reverse("returners:meeting_detail", args=[meeting.pk])


def _caption(meeting) -> str:
    name = meeting.plan.absence.membership.trainee.user.get_full_name()
    return f"{name}: {meeting.get_kind_display().lower()}"


@login_required
def meeting_schedule_view(request, pk):
    meeting = _meeting_for_recording(request, pk)
    initial = {}
    if meeting.scheduled_start:
        local = timezone.localtime(meeting.scheduled_start)
        initial = {
            "on": local.date(),
            "start_time": local.strftime("%H:%M"),
            "duration_minutes": meeting.duration_minutes,
            "location": meeting.location,
            "video_link": meeting.video_link,
        }
    form = MeetingScheduleForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_schedule(
                meeting=meeting,
                actor=request.user,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                location=data["location"],
                video_link=data["video_link"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Meeting scheduled. We have emailed you both; add it to your calendar below.",
            )
            return redirect(_meeting_url(meeting))
    return form_page(
        request,
        form,
        heading="Schedule the meeting",
        caption=_caption(meeting),
        intro=f"It is due by {meeting.due_on:%-d %B %Y}.",
        back_url=_meeting_url(meeting),
    )


@login_required
def meeting_log_view(request, pk):
    meeting = _meeting_for_recording(request, pk)
    if meeting.is_signed_off:
        messages.info(request, services.meetings.SIGNED_OFF_MESSAGE)
        return redirect(_meeting_url(meeting))
    form_class = record_form_class(meeting)
    initial = form_class.initial_from(meeting) if meeting.is_held else {}
    form = form_class(posted(request), initial=initial, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_log(
                meeting=meeting,
                actor=request.user,
                held_on=form.cleaned_data["held_on"],
                content=form.content(),
                health_notes=form.health_notes(),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Record saved. Add any agreed actions, then sign it off.")
            return redirect(_meeting_url(meeting))
    elif meeting.health_notes:
        # The form shows the stored occupational health notes back to the supervisor.
        audit_record(
            action="supportt.health_view", actor=request.user, obj=meeting, request=request
        )
    return form_page(
        request,
        form,
        heading=f"Record the {meeting.get_kind_display().lower()}",
        caption=meeting.plan.absence.membership.trainee.user.get_full_name(),
        back_url=_meeting_url(meeting),
    )


@login_required
def meeting_action_add_view(request, pk):
    meeting = _meeting_for_recording(request, pk)
    form = AgreedActionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_action_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Action added.")
            return redirect(_meeting_url(meeting))
    return form_page(
        request,
        form,
        heading="Add an agreed action",
        caption=_caption(meeting),
        back_url=_meeting_url(meeting),
    )


@require_POST
@login_required
def meeting_action_remove_view(request, pk, action_id):
    meeting = _meeting_for_recording(request, pk)
    try:
        services.meeting_action_remove(meeting=meeting, actor=request.user, action_id=action_id)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Action removed.")
    return redirect(_meeting_url(meeting))


@require_POST
@login_required
def meeting_sign_off_view(request, pk):
    meeting = _meeting_for_recording(request, pk)
    try:
        services.meeting_sign_off(meeting=meeting, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Record signed off. We have asked the trainee to acknowledge it.")
    return redirect(_meeting_url(meeting))
