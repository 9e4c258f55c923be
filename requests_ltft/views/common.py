"""The pages every kind of application shares (LTFT and OOPP), written once. The kind's
descriptor (`requests_ltft.kinds`) says what differs: its selector and services, its form
pages, its presenter and its templates. Views stay thin: scope, form, service, message,
redirect, through `portal.core.views`."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.accounts.directory import deanery_for
from portal.audit.context import note_refusal
from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.core.ratelimit import per_user_limit
from portal.core.views import form_flow, post_action, posted, posted_files
from portal.workflow.services import AlreadyDone
from portal.workflow.table import SYSTEM
from requests_ltft.forms.applications import CaseOwnerForm, ReasonForm
from requests_ltft.kinds import Kind
from requests_ltft.models import Evidence
from requests_ltft.presenters.applications import answers_for, revision_changes
from requests_ltft.selectors.applications import application_roles
from trainees.selectors import membership_list_for_trainee
from trainees.working_pattern import completion_date

# How each move is offered: (button text, reason label, reason-required message)
ACTIONS = {
    "tpd_support": ("Support application", None, None),
    "approve": ("Approve application", None, None),
    "return_for_changes": (
        "Return for changes",
        "What needs to change?",
        "Enter what the trainee needs to change",
    ),
    "reject": (
        "Reject application",
        "Why is the application rejected?",
        "Enter the reason for rejecting the application",
    ),
    "withdraw": (
        "Withdraw application",
        "Why are you withdrawing?",
        "Enter your reason for withdrawing",
    ),
}
# What the person is told once their move is made, in words about what they did.
DONE = {
    "tpd_support": "You supported the application.",
    "approve": "You approved the application.",
    "return_for_changes": "You returned the application for changes.",
    "reject": "You rejected the application.",
    "withdraw": "You withdrew the application.",
}


def kind_urls(kind: Kind) -> list:
    """The URL patterns every kind has, under "<slug>/"."""
    views = [
        ("", list_view, "list"),
        ("<uuid:pk>/", detail_view, "detail"),
        ("<uuid:pk>/edit/<slug:step>/", step_view, "step"),
        ("<uuid:pk>/check/", check_view, "check"),
        ("<uuid:pk>/submitted/", submitted_view, "submitted"),
        ("<uuid:pk>/cct-preview/", cct_preview_view, "cct_preview"),
        ("<uuid:pk>/do/<slug:action>/", action_view, "action"),
        ("<uuid:pk>/case-owner/", case_owner_view, "case_owner"),
        ("<uuid:pk>/evidence/<uuid:evidence_pk>/", evidence_download_view, "evidence_download"),
        ("<uuid:pk>/evidence/<uuid:evidence_pk>/remove/", evidence_delete_view, "evidence_delete"),
    ]
    return [
        path(f"{kind.slug}/{route}", view, {"kind": kind}, name=f"{kind.slug}_{page}")
        for route, view, page in views
    ]


def own(request, pk, kind: Kind):
    """The application, only for the trainee whose it is (anyone else: 404)."""
    application = kind.get(user=request.user, pk=pk)
    if application.trainee.user_id != request.user.pk:
        raise Http404("Only the trainee fills in their application")
    return application


def trainee_memberships(request):
    """The signed-in trainee and their programmes, or a redirect when they have none."""
    trainee = getattr(request.user, "trainee", None)
    if trainee is None:
        raise Http404("No trainee record for this account")
    memberships = list(membership_list_for_trainee(trainee=trainee))
    if not memberships:
        messages.info(
            request,
            "You need a training programme before you can apply. Contact your local office.",
        )
        return trainee, memberships, redirect("trainees:home")
    return trainee, memberships, None


@login_required
def list_view(request, kind: Kind):
    applications = kind.list_for(user=request.user)
    return render(request, kind.template("list"), {"kind": kind, "applications": applications})


def actions_for(kind: Kind, application, roles) -> list[dict]:
    moves = application.TRANSITIONS.available(application.status, roles)
    return [
        {"name": move.name, "label": ACTIONS[move.name][0], "needs_reason": move.reason_required}
        for move in moves
        if SYSTEM not in move.actors and move.name in kind.moves and move.name in ACTIONS
    ]


@login_required
def detail_view(request, pk, kind: Kind):
    application = kind.get(user=request.user, pk=pk)
    roles = application.roles_of(request.user)
    approver = bool(roles & {"TPD", "DEANERY"})
    # What this reader may see of the answers: portal.accounts.privacy decides.
    redact = kind.redactor(application, application_roles(application, request.user))
    context = {
        "kind": kind,
        "application": application,
        "answers": answers_for(kind.answers(application), redact),
        "timeline": application.status_changes.select_related("actor"),
        "actions": actions_for(kind, application, roles),
        "is_owner": "OWNER" in roles,
        "is_deanery": "DEANERY" in roles,
        "changes": revision_changes(application, kind.answers, redact) if approver else [],
        "evidence": application.evidence.all(),
        "can_open_evidence": kind.can_open_evidence(user=request.user, application=application),
        "membership": application.membership,
    }
    if "DEANERY" in roles:
        context["case_owner_form"] = CaseOwnerForm(
            initial={"case_owner": application.case_owner_id},
            candidates=deanery_for(application.programme.local_office_id),
        )
    context.update(kind.detail_context(application, roles))
    return render(request, kind.template("detail"), context)


def once(request, call):
    """What `call()` made, or None when it was already done (a second click, or someone else
    got there first), which is said to the person rather than treated as a refusal."""
    try:
        return call()
    except AlreadyDone as already:
        messages.info(request, already.message)
        return None


def action_page(request, form, *, application, kind: Kind, title: str):
    """A page with one form about an application (a reason, a date, a number)."""
    return render(
        request,
        "requests_ltft/action.html",
        {"application": application, "form": form, "title": title, "kind": kind},
    )


def application_form_flow(
    request, application, kind: Kind, form_class, *, title, act, done, available=True, **kw
):
    """`form_flow` for a form about one application: back to its page when done. A second
    click finds the move already made, says so and goes back too. When the form no longer
    applies (`available` is false: the application was decided or moved on since), the page
    says so and links back instead of offering a form whose answer would be refused."""
    if not available and request.method != "POST":
        return render(
            request,
            "requests_ltft/action_unavailable.html",
            {"application": application, "title": title, "kind": kind},
        )
    return form_flow(
        request,
        form_class,
        act=lambda form: once(request, lambda: act(form)),
        success_message=lambda made: done if made is not None else "",
        success_url=reverse(kind.urls["detail"], args=[application.pk]),
        render_page=partial(action_page, application=application, kind=kind, title=title),
        **kw,
    )


@login_required
def action_view(request, pk, action, kind: Kind):
    """Confirm-and-do for one move. Moves that need a reason show a form first."""
    if action not in ACTIONS or action not in kind.moves:
        raise Http404("No such action")
    application = kind.get(user=request.user, pk=pk)
    roles = application.roles_of(request.user)
    if not roles & application.TRANSITIONS[action].actors:
        # A move this person's role can never make is out of their scope, as the pages of
        # applications they cannot see are.
        raise Http404("No such action for this role")
    button, label, required_message = ACTIONS[action]
    service = kind.moves[action]
    if application.TRANSITIONS[action].reason_required:
        return application_form_flow(
            request,
            application,
            kind,
            ReasonForm,
            title=button,
            act=lambda form: service(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            done=DONE[action],
            available=any(move["name"] == action for move in actions_for(kind, application, roles)),
            form_kwargs={
                "label": label,
                "submit_text": button,
                "required_message": required_message,
            },
        )
    detail = reverse(kind.urls["detail"], args=[application.pk])
    if request.method != "POST":
        return redirect(detail)
    return post_action(
        request,
        act=lambda: once(request, lambda: service(application=application, actor=request.user)),
        success_message=lambda made: DONE[action] if made is not None else "",
        success_url=detail,
    )


@login_required
@require_POST
def case_owner_view(request, pk, kind: Kind):
    application = kind.get(user=request.user, pk=pk)
    detail = reverse(kind.urls["detail"], args=[application.pk])
    candidates = deanery_for(application.programme.local_office_id)
    form = CaseOwnerForm(posted(request), candidates=candidates)
    if not form.is_valid():
        messages.error(request, "Select a case owner from the list.")
        return redirect(detail)
    return post_action(
        request,
        act=lambda: kind.assign_case_owner(
            application=application, actor=request.user, owner=form.cleaned_data["case_owner"]
        ),
        success_message="Case owner saved.",
        success_url=detail,
    )


@login_required
def evidence_download_view(request, pk, evidence_pk, kind: Kind):
    application = kind.get(user=request.user, pk=pk)
    if not kind.can_open_evidence(user=request.user, application=application):
        # Written by the audit middleware after the response: a row written here would be
        # rolled back with the view's transaction when the 404 is raised.
        note_refusal(why="evidence_not_for_role", obj=application)
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
def evidence_delete_view(request, pk, evidence_pk, kind: Kind):
    application = kind.get(user=request.user, pk=pk)
    if application.trainee.user_id != request.user.pk:
        raise Http404("Only the trainee removes their evidence")
    try:
        evidence = application.evidence.get(pk=evidence_pk)
    except Evidence.DoesNotExist as exc:
        raise Http404("No such file") from exc
    return post_action(
        request,
        act=lambda: kind.evidence_remove(evidence=evidence, actor=request.user),
        success_message="File removed.",
        success_url=reverse(kind.urls["step"], args=[application.pk, kind.upload_step]),
    )


def next_step(kind: Kind, application, step: str, request) -> str:
    if request.GET.get("return") == "check":
        return reverse(kind.urls["check"], args=[application.pk])
    for candidate in kind.forms.STEPS[kind.forms.STEPS.index(step) + 1 :]:
        if kind.forms.shows_step(application, candidate):
            return reverse(kind.urls["step"], args=[application.pk, candidate])
    return reverse(kind.urls["check"], args=[application.pk])


class _StayOnPage(Exception):
    pass


@login_required
def step_view(request, pk, step, kind: Kind):
    if step not in kind.forms.STEPS:
        raise Http404("No such page")
    application = own(request, pk, kind)
    if not application.is_editable:
        messages.info(request, "This application has been submitted and cannot be changed now.")
        return redirect(kind.urls["detail"], pk=application.pk)
    if not kind.forms.shows_step(application, step):
        # A page opened by its address whose question does not apply (the short-notice page
        # for a start date with full notice): on to the next page that does.
        return redirect(next_step(kind, application, step, request))
    form = kind.forms.form_for(application, step, posted(request), posted_files(request))
    if step == kind.preview_step:
        # Recalculate the provisional CCT date as answers change, without a page reload.
        form.helper.attrs.update(
            {
                "hx-post": reverse(kind.urls["cct_preview"], args=[application.pk]),
                "hx-trigger": "change, input delay:400ms",
                "hx-target": "#cct-preview",
                "hx-swap": "innerHTML",
            }
        )
    if request.method == "POST" and form.is_valid():
        try:
            if step == kind.upload_step:
                if "continue" in request.POST:
                    return redirect(next_step(kind, application, step, request))
                upload = form.cleaned_data.get("file")
                if upload is None:
                    form.add_error("file", "Select a file to upload, or continue without one")
                    raise _StayOnPage
                refused = per_user_limit(request, "upload")
                if refused:
                    return refused
                kind.evidence_add(application=application, actor=request.user, upload=upload)
                messages.success(request, "File uploaded.")
                return redirect(request.get_full_path())
            answers = kind.forms.values(step, form.cleaned_data)
            application = kind.draft_update(application=application, actor=request.user, **answers)
            return redirect(next_step(kind, application, step, request))
        except ApplicationError as error:
            form.add_error("file" if step == kind.upload_step else None, error.message)
        except _StayOnPage:
            pass
    return render(
        request,
        f"{kind.steps_folder}{step}.html",
        {
            "kind": kind,
            "form": form,
            "application": application,
            "step_title": kind.forms.STEP_TITLES[step],
            "evidence": application.evidence.all() if step == kind.upload_step else None,
            **kind.forms.step_context(application, step),
            **_saved_preview(request, kind, application, step),
        },
    )


def _saved_preview(request, kind: Kind, application, step) -> dict:
    """The live date panel shows the date for the saved answers as the page opens; after a
    post it waits for what was typed (the form shows those values, not the saved ones)."""
    if step != kind.preview_step:
        return {}
    saved = kind.provisional_cct(application) if request.method == "GET" else None
    return {"cct": saved, "current_cct": completion_date(application.membership)}


@login_required
def check_view(request, pk, kind: Kind):
    application = own(request, pk, kind)
    if not application.is_editable:
        return redirect(kind.urls["detail"], pk=application.pk)
    problems = kind.problems(application, today=timezone.localdate())
    page = partial(check_page, kind=kind, application=application, problems=problems)
    if problems:
        # The page lists them; nothing can be submitted until they are put right.
        return page(request, kind.forms.DeclarationsForm(posted(request)))

    def submit(form):
        kind.declarations_confirm(application=application, actor=request.user)
        application.refresh_from_db()
        return kind.submit(application=application, actor=request.user)

    return form_flow(
        request,
        kind.forms.DeclarationsForm,
        act=submit,
        success_message="",
        success_url=reverse(kind.urls["submitted"], args=[application.pk]),
        render_page=page,
    )


def check_page(request, form, *, kind: Kind, application, problems):
    return render(
        request,
        kind.template("check"),
        {
            "kind": kind,
            "application": application,
            "answers": kind.answers(application),
            "form": form,
            "problems": problems,
            "warnings": kind.warnings(application),
            "page_has_errors": bool(form.errors),
            "cct": kind.provisional_cct(application),
            "current_cct": completion_date(application.membership),
            "evidence": application.evidence.all(),
        },
    )


@login_required
def submitted_view(request, pk, kind: Kind):
    application = own(request, pk, kind)
    return render(request, kind.template("submitted"), {"kind": kind, "application": application})


@login_required
@require_POST
def cct_preview_view(request, pk, kind: Kind):
    """The live provisional CCT date, recalculated as the trainee changes the dates page."""
    application = own(request, pk, kind)
    found = kind.forms.preview(application, request.POST)
    return render(
        request,
        "requests_ltft/partials/_cct_preview.html",
        {
            "cct": None if isinstance(found, str) else found,
            "problem": found if isinstance(found, str) else "",
            "current_cct": completion_date(application.membership),
            "prompt": kind.preview_prompt,
        },
    )
