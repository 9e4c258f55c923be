"""The LTFT trainee's side: starting an application, and what its form pages ask. The pages
every kind shares (the form pages, check and submit, the list) are in `views.common`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.core.exceptions import ApplicationError
from requests_ltft import rules, services
from requests_ltft.forms import (
    OTHER,
    ChangeForm,
    DiscussionsForm,
    EvidenceForm,
    NoticeForm,
    ProgrammeForm,
    ReasonsForm,
    VisaForm,
)
from requests_ltft.views.common import trainee_memberships

STEPS = ("change", "notice", "reasons", "discussions", "visa", "evidence")
STEP_TITLES = {
    "change": "Your proposed change",
    "notice": "Your start date is less than the notice period",
    "reasons": "Your reasons for applying",
    "discussions": "Who you discussed this with",
    "visa": "Your visa",
    "evidence": "Upload evidence",
}


def chosen_form(request, memberships, form_class=ProgrammeForm, **kwargs):
    """The programme question; with one programme, posting the page answers it."""
    data = request.POST or None
    if len(memberships) == 1 and request.method == "POST":
        data = {**request.POST.dict(), "membership": str(memberships[0].pk)}
    return form_class(data, memberships=memberships, **kwargs)


@login_required
def ltft_start_view(request):
    trainee, memberships, elsewhere = trainee_memberships(request)
    if elsewhere:
        return elsewhere
    form = chosen_form(request, memberships)
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


def shows_step(application, step: str) -> bool:
    return step != "notice" or _is_short_notice(application)


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


def form_for(application, step, data=None, files=None):
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


def values(step, cleaned) -> dict:
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


def step_context(application, step) -> dict:
    return {"notice_weeks": application.programme.local_office.ltft_notice_weeks}


def problems(application) -> list:
    weeks = application.programme.local_office.ltft_notice_weeks
    return rules.submission_problems(application, today=timezone.localdate(), notice_weeks=weeks)


def provisional(application):
    """The provisional CCT date for the saved answers, once there are enough of them."""
    return _provisional_for(
        application, application.proposed_percent, application.start_date, application.end_date
    )


def _provisional_for(application, percent, start, end):
    if percent is None or start is None:
        return None
    try:
        return rules.provisional_cct(
            cct_date=application.membership.cct_date,
            current_percent=application.current_percent,
            proposed_percent=percent,
            start=start,
            end=end,
        )
    except ValueError:
        return None


def preview(application, data):
    """The live preview on the change page, from what is typed so far."""
    form = ChangeForm(data, application=application)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    percent, start = cleaned.get("proposed_percent"), cleaned.get("start_date")
    if not (percent and start) or form.errors:
        return None
    return _provisional_for(application, percent, start, cleaned.get("end_date"))
