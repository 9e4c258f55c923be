"""The pages every kind of application shares (LTFT and OOPP), written once. A `Kind` describes
what differs: its selector and services, its form pages, its presenter and its templates.
Views stay thin: scope, form, service, message, redirect."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from portal.audit.context import note_refusal
from portal.audit.services import audit_record
from portal.core.exceptions import ApplicationError
from portal.workflow.services import AlreadyDone
from portal.workflow.table import SYSTEM
from requests_ltft.forms import CaseOwnerForm, ReasonForm
from requests_ltft.models import Evidence
from requests_ltft.people import deanery_for
from requests_ltft.presenters import revision_changes
from trainees.selectors import membership_list_for_trainee

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
PAGES = [
    "list",
    "start",
    "detail",
    "step",
    "check",
    "submitted",
    "cct_preview",
    "action",
    "case_owner",
    "evidence_download",
    "evidence_delete",
]


def _no_context(*args) -> dict:
    return {}


def _no_warnings(application) -> list[str]:
    return []


@dataclass(frozen=True)
class Kind:
    slug: str  # URL names are "requests_ltft:<slug>_<page>"
    title: str  # "LTFT application"
    templates: str  # the prefix of the kind's own templates, e.g. "requests_ltft/ltft_"
    steps_folder: str  # where its form pages' templates are
    get: Callable  # the scoped selector: get(user=, pk=)
    list_for: Callable  # the trainee's own applications: list_for(user=)
    answers: Callable  # the presenter: answers(application) -> [Answer]
    moves: dict[str, Callable]  # transition name -> service(application=, actor=[, reason=])
    draft_update: Callable
    evidence_add: Callable
    evidence_remove: Callable
    declarations_confirm: Callable
    submit: Callable
    assign_case_owner: Callable
    can_open_evidence: Callable  # (user, application) -> bool
    steps: tuple[str, ...]
    step_titles: dict[str, str]
    form_for: Callable  # (application, step, data, files) -> form
    values: Callable  # (step, cleaned_data) -> the draft fields to save
    shows_step: Callable  # (application, step) -> bool: pages that only some need
    problems: Callable  # (application) -> [(page or None, message)] stopping a submission
    provisional_cct: Callable  # (application) -> the provisional CCT date, or None
    declarations_form: type
    upload_step: str
    preview_step: str  # the page that shows the live provisional CCT date
    preview: Callable  # (application, posted data) -> date or None
    preview_prompt: str  # what to fill in before the preview can show a date
    files_label: str = "Evidence"
    warnings: Callable = _no_warnings  # (application) -> things to say that do not block
    step_context: Callable = _no_context  # (application, step) -> extra context for a form page
    detail_context: Callable = _no_context  # (request, application, roles) -> extra context
    urls: dict[str, str] = field(init=False)

    def __post_init__(self):
        urls = {page: f"requests_ltft:{self.slug}_{page}" for page in PAGES}
        object.__setattr__(self, "urls", urls)

    def template(self, name: str) -> str:
        return f"{self.templates}{name}.html"


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
        {"name": m.name, "label": ACTIONS[m.name][0], "needs_reason": m.reason_required}
        for m in moves
        if SYSTEM not in m.actors and m.name in kind.moves and m.name in ACTIONS
    ]


@login_required
def detail_view(request, pk, kind: Kind):
    application = kind.get(user=request.user, pk=pk)
    roles = application.roles_of(request.user)
    approver = bool(roles & {"TPD", "DEANERY"})
    context = {
        "kind": kind,
        "application": application,
        "answers": kind.answers(application),
        "timeline": application.status_changes.select_related("actor"),
        "actions": actions_for(kind, application, roles),
        "is_owner": "OWNER" in roles,
        "is_deanery": "DEANERY" in roles,
        "changes": revision_changes(application, kind.answers) if approver else [],
        "evidence": application.evidence.all(),
        "can_open_evidence": kind.can_open_evidence(request.user, application),
        "membership": application.membership,
    }
    if "DEANERY" in roles:
        context["case_owner_form"] = CaseOwnerForm(
            initial={"case_owner": application.case_owner_id},
            candidates=deanery_for(application.programme),
        )
    context.update(kind.detail_context(request, application, roles))
    return render(request, kind.template("detail"), context)


def form_page(request, application, kind: Kind, form, title: str):
    """A page with one form about an application (a reason, a date, a number)."""
    return render(
        request,
        "requests_ltft/action.html",
        {"application": application, "form": form, "title": title, "kind": kind},
    )


@login_required
def action_view(request, pk, action, kind: Kind):
    """Confirm-and-do for one move. Moves that need a reason show a form first."""
    if action not in ACTIONS or action not in kind.moves:
        raise Http404("No such action")
    application = kind.get(user=request.user, pk=pk)
    button, label, required_message = ACTIONS[action]
    move = application.TRANSITIONS[action]
    form = None
    if move.reason_required:
        form = ReasonForm(
            request.POST or None, label=label, submit_text=button, required_message=required_message
        )
        if request.method != "POST" or not form.is_valid():
            return form_page(request, application, kind, form, button)
    elif request.method != "POST":
        return redirect(kind.urls["detail"], pk=application.pk)
    kwargs = {"reason": form.cleaned_data["reason"]} if form else {}
    try:
        kind.moves[action](application=application, actor=request.user, **kwargs)
    except AlreadyDone as done:
        messages.info(request, done.message)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Done: {button.lower()}.")
    return redirect(kind.urls["detail"], pk=application.pk)


@login_required
@require_POST
def case_owner_view(request, pk, kind: Kind):
    application = kind.get(user=request.user, pk=pk)
    form = CaseOwnerForm(request.POST, candidates=deanery_for(application.programme))
    if form.is_valid():
        try:
            kind.assign_case_owner(
                application=application, actor=request.user, owner=form.cleaned_data["case_owner"]
            )
            messages.success(request, "Case owner saved.")
        except ApplicationError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "Select a case owner from the list.")
    return redirect(kind.urls["detail"], pk=application.pk)


@login_required
def evidence_download_view(request, pk, evidence_pk, kind: Kind):
    application = kind.get(user=request.user, pk=pk)
    if not kind.can_open_evidence(request.user, application):
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
        kind.evidence_remove(evidence=evidence, actor=request.user)
        messages.success(request, "File removed.")
    except Evidence.DoesNotExist as exc:
        raise Http404("No such file") from exc
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(kind.urls["step"], pk=application.pk, step=kind.upload_step)


def next_step(kind: Kind, application, step: str, request) -> str:
    if request.GET.get("return") == "check":
        return reverse(kind.urls["check"], args=[application.pk])
    for candidate in kind.steps[kind.steps.index(step) + 1 :]:
        if kind.shows_step(application, candidate):
            return reverse(kind.urls["step"], args=[application.pk, candidate])
    return reverse(kind.urls["check"], args=[application.pk])


class _StayOnPage(Exception):
    pass


@login_required
def step_view(request, pk, step, kind: Kind):
    if step not in kind.steps:
        raise Http404("No such page")
    application = own(request, pk, kind)
    if not application.is_editable:
        messages.info(request, "This application has been submitted and cannot be changed now.")
        return redirect(kind.urls["detail"], pk=application.pk)
    form = kind.form_for(application, step, request.POST or None, request.FILES or None)
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
                kind.evidence_add(application=application, actor=request.user, upload=upload)
                messages.success(request, "File uploaded.")
                return redirect(request.get_full_path())
            application = kind.draft_update(
                application=application, actor=request.user, **kind.values(step, form.cleaned_data)
            )
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
            "step_title": kind.step_titles[step],
            "evidence": application.evidence.all() if step == kind.upload_step else None,
            **kind.step_context(application, step),
        },
    )


@login_required
def check_view(request, pk, kind: Kind):
    application = own(request, pk, kind)
    if not application.is_editable:
        return redirect(kind.urls["detail"], pk=application.pk)
    form = kind.declarations_form(request.POST or None)
    problems = kind.problems(application)
    if request.method == "POST" and form.is_valid() and not problems:
        try:
            kind.declarations_confirm(application=application, actor=request.user)
            application.refresh_from_db()
            kind.submit(application=application, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(kind.urls["check"], pk=application.pk)
        return redirect(kind.urls["submitted"], pk=application.pk)
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
    return render(
        request,
        "requests_ltft/partials/_cct_preview.html",
        {
            "cct": kind.preview(application, request.POST),
            "current_cct": application.membership.cct_date,
            "prompt": kind.preview_prompt,
        },
    )
