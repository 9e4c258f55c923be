from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from portal.core.exceptions import ApplicationError
from returners import rules, services
from returners.forms import AcknowledgeForm, AddendumForm
from returners.ics import meeting_invite
from returners.meeting_records import record_rows
from returners.presenters import meeting_state
from returners.selectors import meeting_get
from returners.views._common import form_page, posted, require


def _meeting_url(meeting) -> str:
    return reverse("returners:meeting_detail", args=[meeting.pk])


def _name(meeting) -> str:
    return meeting.plan.absence.membership.trainee.user.get_full_name()


@login_required
def meeting_detail_view(request, pk):
    meeting = meeting_get(user=request.user, pk=pk)
    absence = meeting.plan.absence
    user = request.user
    can_record = rules.can_record_meetings(user, absence)
    return render(
        request,
        "returners/meeting_detail.html",
        {
            "meeting": meeting,
            "absence": absence,
            "trainee_name": _name(meeting),
            "state": meeting_state(meeting, timezone.localdate()),
            "rows": record_rows(meeting),
            "actions": meeting.actions.all(),
            "addenda": meeting.addenda.all(),
            "can_record": can_record and not meeting.is_signed_off,
            "can_schedule": can_record and not meeting.is_held,
            "can_sign_off": can_record and meeting.status == meeting.Status.LOGGED,
            "can_acknowledge": rules.can_acknowledge(user, absence)
            and meeting.status == meeting.Status.SIGNED_OFF,
            "can_add_addendum": rules.can_add_addendum(user, absence) and meeting.is_signed_off,
            "can_view_health": rules.can_view_health(user, absence),
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
    require(rules.can_acknowledge(request.user, meeting.plan.absence))
    if meeting.status == meeting.Status.ACKNOWLEDGED:
        messages.info(request, "You have already acknowledged this record.")
        return redirect(_meeting_url(meeting))
    form = AcknowledgeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_acknowledge(
                meeting=meeting, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Thank you. You have acknowledged the record.")
        return redirect(_meeting_url(meeting))
    return form_page(
        request,
        form,
        heading=f"Acknowledge the {meeting.get_kind_display().lower()} record",
        intro="By acknowledging, you confirm you have read the record your educational "
        "supervisor signed off. You can add a comment; it is kept beside the record.",
        back_url=_meeting_url(meeting),
    )


@login_required
def meeting_addendum_add_view(request, pk):
    meeting = meeting_get(user=request.user, pk=pk)
    require(rules.can_add_addendum(request.user, meeting.plan.absence))
    form = AddendumForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_addendum_add(
                meeting=meeting, actor=request.user, text=form.cleaned_data["text"]
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Addendum added.")
            return redirect(_meeting_url(meeting))
    return form_page(
        request,
        form,
        heading="Add an addendum",
        caption=f"{_name(meeting)}: {meeting.get_kind_display().lower()}",
        back_url=_meeting_url(meeting),
    )
