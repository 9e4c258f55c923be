"""The pages only OOPP applications have: starting with the eligibility check, the supervisor's
view, and the deanery recording the return and the ARCP decision. The form pages are described
here for `views.common`, which runs them for every kind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.core.exceptions import ApplicationError
from portal.workflow.services import AlreadyDone
from requests_ltft.choices import Status
from requests_ltft.forms import NoticeForm
from requests_ltft.oopp import rules, services
from requests_ltft.oopp.forms import (
    ConfirmationForm,
    DatesForm,
    IndemnityForm,
    PostForm,
    PracticeForm,
    RecognitionForm,
    ReturnDateForm,
    StartForm,
    SupervisorViewForm,
)
from requests_ltft.oopp.selectors import (
    latest_arcp_outcome,
    oopp_get,
    oopp_list_for_supervisor,
    oopp_provisional_cct,
    oopp_start_problems,
    oopp_submission_problems,
    other_commitments,
)
from requests_ltft.views.common import form_page, trainee_memberships
from requests_ltft.views.trainee import chosen_form

STEPS = ("dates", "notice", "post", "practice", "indemnity", "confirmation")
STEP_TITLES = {
    "dates": "When your pause starts and ends",
    "notice": "Your start date is less than the notice period",
    "post": "The post you have secured",
    "practice": "Your practice in the post and your return",
    "indemnity": "Indemnity and wellbeing",
    "confirmation": "Upload your post confirmation",
}
FIELDS = {
    "notice": ["exceptional_reason", "exceptional_explanation", "alternative_start_date"],
    "dates": ["start_date", "end_date", "intended_return_date"],
    "post": [
        "post_title",
        "post_employer",
        "post_location",
        "post_supervisor_name",
        "post_supervisor_email",
    ],
    "practice": ["scope_of_practice", "capabilities_to_gain", "plan_for_return"],
    "indemnity": ["indemnity", "wellbeing_rationale"],
}


def _notice_months(application) -> int:
    return application.programme.local_office.oopp_notice_months


@login_required
def oopp_start_view(request):
    trainee, memberships, elsewhere = trainee_memberships(request)
    if elsewhere:
        return elsewhere
    eligibility = [
        {
            "membership": m,
            "outcome": latest_arcp_outcome(membership=m),
            "problems": oopp_start_problems(membership=m, post_secured=True),
        }
        for m in memberships
    ]
    form = chosen_form(request, memberships, form_class=StartForm)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.oopp_application_start(
                trainee=trainee,
                membership=form.cleaned_data["membership"],
                actor=request.user,
                post_secured=form.cleaned_data["post_secured"],
            )
        except ApplicationError as error:
            for message in error.extra.get("problems", [error.message]):
                form.add_error(None, message)
        else:
            return redirect("requests_ltft:oopp_step", pk=application.pk, step="dates")
    return render(
        request,
        "requests_ltft/oopp/start.html",
        {
            "form": form,
            "eligibility": eligibility,
            "single": memberships[0] if len(memberships) == 1 else None,
            "can_apply": any(not row["problems"] for row in eligibility),
        },
    )


def shows_step(application, step: str) -> bool:
    if step != "notice":
        return True
    return application.start_date is not None and rules.is_short_notice(
        start=application.start_date, months=_notice_months(application), on=timezone.localdate()
    )


def form_for(application, step, data=None, files=None):
    initial = {name: getattr(application, name) for name in FIELDS.get(step, [])}
    if step == "dates":
        return DatesForm(
            data,
            initial=initial,
            notice_months=_notice_months(application),
            others=other_commitments(application=application),
        )
    if step == "notice":
        earliest = rules.earliest_start(months=_notice_months(application), on=timezone.localdate())
        return NoticeForm(data, initial=initial, earliest_standard_start=earliest)
    if step == "confirmation":
        return ConfirmationForm(data, files)
    form_class = {"post": PostForm, "practice": PracticeForm, "indemnity": IndemnityForm}[step]
    return form_class(data, initial=initial)


def values(step, cleaned) -> dict:
    return {name: cleaned.get(name) for name in FIELDS[step]}


def step_context(application, step) -> dict:
    months = _notice_months(application)
    return {
        "notice_months": months,
        "earliest_start": rules.earliest_start(months=months, on=timezone.localdate()),
    }


def problems(application) -> list:
    return oopp_submission_problems(application, today=timezone.localdate())


def warnings(application) -> list[str]:
    cct = oopp_provisional_cct(application)
    if cct is None:
        return []
    found = [
        rules.remaining_warning(return_date=application.intended_return_date, cct_with_pause=cct)
    ]
    if latest_arcp_outcome(membership=application.membership) is None:
        found.append(
            "You have no ARCP outcome yet. You can apply: the reviewers will see that an "
            "outcome 1, 10.1 or 10.2 is expected at your next ARCP."
        )
    return [warning for warning in found if warning]


def preview(application, data):
    form = DatesForm(data, notice_months=_notice_months(application), others=[])
    if not form.is_valid():
        return None
    cleaned = form.cleaned_data
    try:
        return rules.provisional_cct(
            cct_date=application.membership.cct_date,
            start=cleaned["start_date"],
            return_date=cleaned["intended_return_date"],
        )
    except ValueError:
        return None


def detail_context(request, application, roles) -> dict:
    status = application.status
    return {
        "provisional": application.provisional_cct_date or oopp_provisional_cct(application),
        "can_give_view": "SUPERVISOR" in roles
        and status in (Status.SUBMITTED, Status.TPD_SUPPORTED),
        "can_record_return": "DEANERY" in roles and status == Status.ACTIVE,
        "can_record_recognition": "DEANERY" in roles
        and status == Status.RETURNED
        and application.recognised_days is None,
    }


@login_required
@role_required(Role.Kind.SUPERVISOR)
def oopp_supervision_view(request):
    return render(
        request,
        "requests_ltft/oopp/supervision.html",
        {"applications": oopp_list_for_supervisor(user=request.user)},
    )


def _in_role(request, pk, role: str):
    """The application, for someone who holds `role` on it; anyone else in scope gets 404 too,
    as the page does not exist for them. The service checks the role again."""
    application = oopp_get(user=request.user, pk=pk)
    if role not in application.roles_of(request.user):
        raise Http404("Not available for this role")
    return application


def _record(request, application, form, title, save, done):
    """Validate, save through the service, and go back to the application with a message."""
    from requests_ltft.views.kinds import OOPP

    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except AlreadyDone as already:
            messages.info(request, already.message)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return form_page(request, application, OOPP, form, title)
        else:
            messages.success(request, done)
        return redirect("requests_ltft:oopp_detail", pk=application.pk)
    return form_page(request, application, OOPP, form, title)


@login_required
def oopp_supervisor_view_view(request, pk):
    application = _in_role(request, pk, "SUPERVISOR")
    initial = {"view": application.es_view, "comment": application.es_comment}
    return _record(
        request,
        application,
        SupervisorViewForm(request.POST or None, initial=initial),
        "Your view as educational supervisor",
        lambda data: services.oopp_supervisor_view_record(
            application=application, actor=request.user, view=data["view"], comment=data["comment"]
        ),
        "Your view is recorded. The TPD and the trainee have been told.",
    )


@login_required
def oopp_return_view(request, pk):
    application = _in_role(request, pk, "DEANERY")
    return _record(
        request,
        application,
        ReturnDateForm(request.POST or None),
        "Record an early return to training",
        lambda data: services.oopp_return(
            application=application, actor=request.user, returned_on=data["returned_on"]
        ),
        "The return to training is recorded.",
    )


@login_required
def oopp_recognition_view(request, pk):
    application = _in_role(request, pk, "DEANERY")
    return _record(
        request,
        application,
        RecognitionForm(request.POST or None),
        "Record the ARCP decision on capabilities",
        lambda data: services.oopp_recognition_record(
            application=application, actor=request.user, days=data["days"]
        ),
        "The ARCP decision is recorded and the completion date recalculated.",
    )
