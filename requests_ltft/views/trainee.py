"""The trainee's side: start, fill in, check and submit, withdraw, and follow an application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.core.exceptions import ApplicationError
from requests_ltft import rules, services
from requests_ltft.forms import (
    OTHER,
    ChangeForm,
    DeclarationsForm,
    DiscussionsForm,
    EvidenceForm,
    NoticeForm,
    ProgrammeForm,
    ReasonsForm,
    VisaForm,
)
from requests_ltft.presenters import ltft_answers
from requests_ltft.selectors import ltft_get, ltft_list_for_trainee
from trainees.selectors import membership_list_for_trainee

STEPS = ["change", "notice", "reasons", "discussions", "visa", "evidence"]
STEP_TITLES = {
    "change": "Your proposed change",
    "notice": "Your start date is less than the notice period",
    "reasons": "Your reasons for applying",
    "discussions": "Who you discussed this with",
    "visa": "Your visa",
    "evidence": "Upload evidence",
}


def _own(request, pk):
    application = ltft_get(user=request.user, pk=pk)
    if application.trainee.user_id != request.user.pk:
        raise Http404("Only the trainee fills in their application")
    return application


@login_required
def ltft_list_view(request):
    return render(
        request,
        "requests_ltft/ltft_list.html",
        {"applications": ltft_list_for_trainee(user=request.user)},
    )


@login_required
def ltft_start_view(request):
    trainee = getattr(request.user, "trainee", None)
    if trainee is None:
        raise Http404("No trainee record for this account")
    memberships = list(membership_list_for_trainee(trainee=trainee))
    if not memberships:
        messages.info(
            request,
            "You need a training programme before you can apply. Contact your local office.",
        )
        return redirect("trainees:home")
    form = ProgrammeForm(request.POST or None, memberships=memberships)
    if len(memberships) == 1 and request.method == "POST":
        form = ProgrammeForm({"membership": str(memberships[0].pk)}, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            application = services.ltft_application_start(
                trainee=trainee, membership=membership, actor=request.user
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("requests_ltft:ltft_list")
        return redirect("requests_ltft:ltft_step", pk=application.pk, step="change")
    return render(
        request,
        "requests_ltft/ltft_start.html",
        {"form": form, "single": memberships[0] if len(memberships) == 1 else None},
    )


def _next_step(application, step: str, request) -> str:
    if request.GET.get("return") == "check":
        return reverse("requests_ltft:ltft_check", args=[application.pk])
    index = STEPS.index(step) + 1
    while index < len(STEPS):
        candidate = STEPS[index]
        if candidate != "notice" or _is_short_notice(application):
            return reverse("requests_ltft:ltft_step", args=[application.pk, candidate])
        index += 1
    return reverse("requests_ltft:ltft_check", args=[application.pk])


def _is_short_notice(application) -> bool:
    if application.start_date is None:
        return False
    weeks = application.programme.local_office.ltft_notice_weeks
    return rules.is_short_notice(start=application.start_date, weeks=weeks, on=timezone.localdate())


def _initial(application, step: str) -> dict:
    a = application
    if step == "change":
        standard = a.proposed_percent in (50, 60, 70, 80, 100)
        return {
            "percent": str(a.proposed_percent)
            if standard
            else (OTHER if a.proposed_percent else None),
            "bespoke_percent": None if standard else a.proposed_percent,
            "start_date": a.start_date,
            "end_date": a.end_date,
        }
    if step == "discussions":
        other = a.other_discussions[0] if a.other_discussions else {}
        return {
            "tpd_name": a.tpd_name,
            "tpd_email": a.tpd_email,
            "other_name": other.get("name", ""),
            "other_email": other.get("email", ""),
            "other_role": other.get("role", ""),
        }
    if step == "visa":
        v = a.skilled_worker_visa
        return {"skilled_worker_visa": None if v is None else ("yes" if v else "no")}
    return {
        field: getattr(a, field)
        for field in {
            "notice": ["exceptional_reason", "exceptional_explanation", "alternative_start_date"],
            "reasons": ["reasons", "reason_other", "supporting_information"],
        }.get(step, [])
    }


def _form_for(application, step, data=None, files=None):
    initial = _initial(application, step)
    if step == "change":
        return ChangeForm(data, initial=initial, application=application)
    if step == "notice":
        weeks = application.programme.local_office.ltft_notice_weeks
        earliest = rules.notice_deadline(weeks=weeks, on=timezone.localdate())
        return NoticeForm(data, initial=initial, earliest_standard_start=earliest)
    if step == "evidence":
        return EvidenceForm(data, files)
    form_class = {"reasons": ReasonsForm, "discussions": DiscussionsForm, "visa": VisaForm}[step]
    return form_class(data, initial=initial)


def _values(step, cleaned) -> dict:
    if step == "change":
        return {
            "proposed_percent": cleaned["proposed_percent"],
            "start_date": cleaned["start_date"],
            "end_date": cleaned.get("end_date"),
        }
    if step == "discussions":
        return {
            "tpd_name": cleaned["tpd_name"],
            "tpd_email": cleaned["tpd_email"],
            "other_discussions": cleaned["other_discussions"],
        }
    return {
        name: cleaned[name]
        for name in {
            "notice": ["exceptional_reason", "exceptional_explanation", "alternative_start_date"],
            "reasons": ["reasons", "reason_other", "supporting_information"],
            "visa": ["skilled_worker_visa"],
        }[step]
    }


@login_required
def ltft_step_view(request, pk, step):
    if step not in STEPS:
        raise Http404("No such page")
    application = _own(request, pk)
    if not application.is_editable:
        messages.info(request, "This application has been submitted and cannot be changed now.")
        return redirect("requests_ltft:ltft_detail", pk=application.pk)
    form = _form_for(application, step, request.POST or None, request.FILES or None)
    if step == "change":
        # Recalculate the provisional CCT date as answers change, without a page reload.
        form.helper.attrs.update(
            {
                "hx-post": reverse("requests_ltft:ltft_cct_preview", args=[application.pk]),
                "hx-trigger": "change, input delay:400ms",
                "hx-target": "#cct-preview",
                "hx-swap": "innerHTML",
            }
        )
    if request.method == "POST" and form.is_valid():
        try:
            if step == "evidence":
                if "continue" in request.POST:
                    return redirect(_next_step(application, step, request))
                upload = form.cleaned_data.get("file")
                if upload is None:
                    form.add_error("file", "Select a file to upload, or continue without one")
                    raise _StayOnPage
                services.ltft_evidence_add(
                    application=application, actor=request.user, upload=upload
                )
                messages.success(request, "File uploaded.")
                return redirect(request.get_full_path())
            application = services.ltft_draft_update(
                application=application, actor=request.user, **_values(step, form.cleaned_data)
            )
            return redirect(_next_step(application, step, request))
        except ApplicationError as error:
            form.add_error("file" if step == "evidence" else None, error.message)
        except _StayOnPage:
            pass
    return render(
        request,
        f"requests_ltft/steps/{step}.html",
        {
            "form": form,
            "application": application,
            "step_title": STEP_TITLES[step],
            "notice_weeks": application.programme.local_office.ltft_notice_weeks,
            "evidence": application.evidence.all() if step == "evidence" else None,
        },
    )


class _StayOnPage(Exception):
    pass


@login_required
def ltft_check_view(request, pk):
    application = _own(request, pk)
    if not application.is_editable:
        return redirect("requests_ltft:ltft_detail", pk=application.pk)
    form = DeclarationsForm(request.POST or None)
    weeks = application.programme.local_office.ltft_notice_weeks
    problems = rules.submission_problems(
        application, today=timezone.localdate(), notice_weeks=weeks
    )
    if request.method == "POST" and form.is_valid() and not problems:
        try:
            services.ltft_declarations_confirm(application=application, actor=request.user)
            application.refresh_from_db()
            services.ltft_submit(application=application, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("requests_ltft:ltft_check", pk=application.pk)
        return redirect("requests_ltft:ltft_submitted", pk=application.pk)
    return render(
        request,
        "requests_ltft/ltft_check.html",
        {
            "application": application,
            "answers": ltft_answers(application),
            "form": form,
            "problems": problems,
            "page_has_errors": bool(form.errors),
            "cct": _provisional(application),
            "evidence": application.evidence.all(),
        },
    )


def _provisional(application):
    if application.proposed_percent is None or application.start_date is None:
        return None
    membership = application.membership
    try:
        return rules.provisional_cct(
            cct_date=membership.cct_date,
            current_percent=application.current_percent,
            proposed_percent=application.proposed_percent,
            start=application.start_date,
            end=application.end_date,
        )
    except ValueError:
        return None


@login_required
def ltft_submitted_view(request, pk):
    application = _own(request, pk)
    return render(request, "requests_ltft/ltft_submitted.html", {"application": application})


@login_required
@require_POST
def ltft_cct_preview_view(request, pk):
    """The live provisional CCT date, recalculated as the trainee changes the change page."""
    application = _own(request, pk)
    form = ChangeForm(request.POST, application=application)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    preview = None
    percent, start = cleaned.get("proposed_percent"), cleaned.get("start_date")
    if percent and start and not form.errors:
        try:
            preview = rules.provisional_cct(
                cct_date=application.membership.cct_date,
                current_percent=application.current_percent,
                proposed_percent=percent,
                start=start,
                end=cleaned.get("end_date"),
            )
        except ValueError:
            preview = None
    return render(
        request,
        "requests_ltft/partials/_cct_preview.html",
        {
            "cct": preview,
            "current_cct": application.membership.cct_date,
        },
    )
