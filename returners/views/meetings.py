from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.core.views import form_flow, require
from returners import permissions, services
from returners.forms import AcknowledgeForm, AddendumForm
from returners.ics import meeting_invite
from returners.presenters import (
    meeting_caption,
    meeting_history,
    meeting_state,
    record_rows,
    trainee_name,
)
from returners.selectors import meeting_attention, meeting_get


def meeting_form_flow(request, meeting, form_class, *, service=None, act=None, **page):
    """`form_flow` for a form about one meeting, used by the trainee's pages here and the
    supervisor's in supervisors: back to the meeting's page, captioned with whose meeting it
    is. `service` is called with the meeting, the person acting and what was typed; `act(form)`
    instead where the service wants the answers reshaped."""
    page.setdefault("caption", meeting_caption(meeting))
    return form_flow(
        request,
        form_class,
        act=act or (lambda form: service(meeting=meeting, actor=request.user, **form.cleaned_data)),
        success_url=meeting.get_absolute_url(),
        back_url=meeting.get_absolute_url(),
        **page,
    )


@login_required
def meeting_detail_view(request, pk):
    meeting = meeting_get(user=request.user, pk=pk)
    absence = meeting.plan.absence
    user = request.user
    can_record = permissions.can_record_meetings(user, absence)
    return render(
        request,
        "returners/meeting_detail.html",
        {
            "meeting": meeting,
            "absence": absence,
            "trainee_name": trainee_name(meeting),
            "state": meeting_state(meeting, timezone.localdate()),
            "attention": meeting_attention(meeting, absence),
            "rows": record_rows(meeting),
            "actions": meeting.actions.all(),
            "addenda": meeting.addenda.all(),
            "history": meeting_history(meeting.status_changes.all()),
            "can_record": can_record and not meeting.is_signed_off,
            "can_schedule": can_record and not meeting.is_held,
            "can_cancel": can_record and meeting.status == meeting.Status.SCHEDULED,
            "can_sign_off": can_record and meeting.status == meeting.Status.LOGGED,
            "can_acknowledge": permissions.can_acknowledge(user, absence)
            and meeting.status == meeting.Status.SIGNED_OFF,
            "can_add_addendum": permissions.can_add_addendum(user, absence)
            and meeting.is_signed_off,
            "can_view_health": permissions.can_view_health(user, absence),
        },
    )


@login_required
def meeting_ics_view(request, pk):
    """The calendar invite, for the supervisor and the trainee alike."""
    meeting = meeting_get(user=request.user, pk=pk)
    if meeting.scheduled_start is None:
        raise Http404("This meeting has not been scheduled")
    text = meeting_invite(meeting, now=timezone.now(), host=request.get_host().split(":")[0])
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    kind = meeting.kind.lower().replace("_", "-")
    response["Content-Disposition"] = f'attachment; filename="supportt-{kind}-meeting.ics"'
    return response


@login_required
def meeting_acknowledge_view(request, pk):
    meeting = meeting_get(user=request.user, pk=pk)
    require(permissions.can_acknowledge(request.user, meeting.plan.absence))
    if meeting.status == meeting.Status.ACKNOWLEDGED:
        messages.info(request, "You have already acknowledged this record.")
        return redirect(meeting)
    return meeting_form_flow(
        request,
        meeting,
        AcknowledgeForm,
        service=services.meeting_acknowledge,
        success_message="Thank you. You have acknowledged the record.",
        heading=f"Acknowledge the {meeting.get_kind_display().lower()} record",
        intro="By acknowledging, you confirm you have read the record your educational "
        "supervisor signed off. You can add a comment; it is kept beside the record.",
        caption="",
    )


@login_required
def meeting_addendum_add_view(request, pk):
    meeting = meeting_get(user=request.user, pk=pk)
    require(permissions.can_add_addendum(request.user, meeting.plan.absence))
    return meeting_form_flow(
        request,
        meeting,
        AddendumForm,
        service=services.meeting_addendum_add,
        success_message="Addendum added.",
        heading="Add an addendum",
    )
