"""One page per application for everyone in scope, and the decisions each role can take."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.workflow.services import AlreadyDone
from portal.workflow.table import SYSTEM
from requests_ltft import rules, services
from requests_ltft.forms import CaseOwnerForm, ReasonForm
from requests_ltft.models import Evidence
from requests_ltft.people import deanery_for
from requests_ltft.presenters import ltft_answers, revision_changes
from requests_ltft.selectors import can_open_evidence, ltft_get

# How each move is offered: (button text, reason label, reason-required message, service)
ACTIONS = {
    "tpd_support": ("Support application", None, None, services.ltft_tpd_support),
    "approve": ("Approve application", None, None, services.ltft_approve),
    "return_for_changes": (
        "Return for changes",
        "What needs to change?",
        "Enter what the trainee needs to change",
        services.ltft_return_for_changes,
    ),
    "reject": (
        "Reject application",
        "Why is the application rejected?",
        "Enter the reason for rejecting the application",
        services.ltft_reject,
    ),
    "withdraw": (
        "Withdraw application",
        "Why are you withdrawing?",
        "Enter your reason for withdrawing",
        services.ltft_withdraw,
    ),
}


def _actions_for(application, roles):
    moves = application.TRANSITIONS.available(application.status, roles)
    return [
        {"name": m.name, "label": ACTIONS[m.name][0], "needs_reason": m.reason_required}
        for m in moves
        if SYSTEM not in m.actors and m.name in ACTIONS
    ]


@login_required
def ltft_detail_view(request, pk):
    application = ltft_get(user=request.user, pk=pk)
    roles = application.roles_of(request.user)
    approver = bool(roles & {"TPD", "DEANERY"})
    membership = application.membership
    context = {
        "application": application,
        "answers": ltft_answers(application),
        "timeline": application.status_changes.select_related("actor"),
        "actions": _actions_for(application, roles),
        "is_owner": "OWNER" in roles,
        "is_deanery": "DEANERY" in roles,
        "changes": revision_changes(application) if approver else [],
        "evidence": application.evidence.all(),
        "can_open_evidence": can_open_evidence(user=request.user, application=application),
        "membership": membership,
        "visa_blocked": rules.visa_blocks(
            visa=application.skilled_worker_visa, percent=application.proposed_percent
        ),
    }
    if "DEANERY" in roles:
        context["case_owner_form"] = CaseOwnerForm(
            initial={"case_owner": application.case_owner_id},
            candidates=deanery_for(application.programme),
        )
    return render(request, "requests_ltft/ltft_detail.html", context)


@login_required
def ltft_action_view(request, pk, action):
    """Confirm-and-do for one move. Moves that need a reason show a form first."""
    if action not in ACTIONS:
        raise Http404("No such action")
    application = ltft_get(user=request.user, pk=pk)
    button, label, required_message, service = ACTIONS[action]
    move = application.TRANSITIONS[action]
    form = None
    if move.reason_required:
        form = ReasonForm(
            request.POST or None, label=label, submit_text=button, required_message=required_message
        )
        if request.method != "POST" or not form.is_valid():
            return render(
                request,
                "requests_ltft/ltft_action.html",
                {"application": application, "form": form, "title": button},
            )
    elif request.method != "POST":
        return redirect("requests_ltft:ltft_detail", pk=application.pk)
    kwargs = {"reason": form.cleaned_data["reason"]} if form else {}
    try:
        service(application=application, actor=request.user, **kwargs)
    except AlreadyDone as done:
        messages.info(request, done.message)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Done: {button.lower()}.")
    return redirect("requests_ltft:ltft_detail", pk=application.pk)


@login_required
@require_POST
def ltft_case_owner_view(request, pk):
    application = ltft_get(user=request.user, pk=pk)
    form = CaseOwnerForm(request.POST, candidates=deanery_for(application.programme))
    if form.is_valid():
        try:
            services.ltft_assign_case_owner(
                application=application, actor=request.user, owner=form.cleaned_data["case_owner"]
            )
            messages.success(request, "Case owner saved.")
        except ApplicationError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "Select a case owner from the list.")
    return redirect("requests_ltft:ltft_detail", pk=application.pk)


@login_required
def ltft_visa_override_view(request, pk):
    application = ltft_get(user=request.user, pk=pk)
    form = ReasonForm(
        request.POST or None,
        label="Why does the dean allow this?",
        submit_text="Record override",
        required_message="Enter the reason for the dean's override",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ltft_visa_override(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "The dean's override is recorded.")
            return redirect("requests_ltft:ltft_detail", pk=application.pk)
        except ApplicationError as error:
            form.add_error(None, error.message)
    return render(
        request,
        "requests_ltft/ltft_action.html",
        {
            "application": application,
            "form": form,
            "title": "Record the dean's Skilled Worker visa override",
        },
    )


@login_required
def evidence_download_view(request, pk, evidence_pk):
    application = ltft_get(user=request.user, pk=pk)
    if not can_open_evidence(user=request.user, application=application):
        audit_record(
            action="evidence.refused", actor=request.user, obj=application, request=request
        )
        raise Http404("Evidence is not available to this role")
    try:
        evidence = application.evidence.get(pk=evidence_pk)
    except Evidence.DoesNotExist as exc:
        raise Http404("No such file") from exc
    audit_record(action="evidence.view", actor=request.user, obj=evidence, request=request)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def evidence_delete_view(request, pk, evidence_pk):
    application = ltft_get(user=request.user, pk=pk)
    if application.trainee.user_id != request.user.pk:
        raise Http404("Only the trainee removes their evidence")
    try:
        evidence = application.evidence.get(pk=evidence_pk)
        services.ltft_evidence_remove(evidence=evidence, actor=request.user)
        messages.success(request, "File removed.")
    except Evidence.DoesNotExist as exc:
        raise Http404("No such file") from exc
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("requests_ltft:ltft_step", pk=application.pk, step="evidence")
