"""The pages only OOPP applications have: starting with the eligibility check, the educational
supervisor's opinion, and the deanery recording the return and the ARCP decision. The pages
every kind shares are in `views.common`."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from portal.accounts.decorators import role_required
from portal.accounts.models import Role
from portal.core.exceptions import ApplicationError
from requests_ltft.forms.applications import chosen_form
from requests_ltft.forms.oopp import (
    RecognitionForm,
    ReturnDateForm,
    StartForm,
    SupervisorOpinionForm,
)
from requests_ltft.kinds import OOPP
from requests_ltft.permissions import (
    oopp_can_give_supervisor_opinion,
    oopp_can_record_recognition,
    oopp_can_record_return,
)
from requests_ltft.selectors.oopp import (
    latest_arcp_outcome,
    oopp_get,
    oopp_list_for_supervisor,
    oopp_start_problems,
)
from requests_ltft.services.oopp import (
    oopp_application_start,
    oopp_recognition_record,
    oopp_return,
    oopp_supervisor_opinion_record,
)
from requests_ltft.views.common import application_form_flow, trainee_memberships


@login_required
def oopp_start_view(request):
    trainee, memberships, elsewhere = trainee_memberships(request)
    if elsewhere:
        return elsewhere
    eligibility = [
        {
            "membership": membership,
            "outcome": latest_arcp_outcome(membership=membership),
            "problems": oopp_start_problems(membership=membership, post_secured=True),
        }
        for membership in memberships
    ]
    form = chosen_form(request, memberships, form_class=StartForm)
    if request.method == "POST" and form.is_valid():
        try:
            application = oopp_application_start(
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


def _role_form_flow(request, pk, role: str, form_class, *, service, can, initial=None, **page):
    """`application_form_flow` for a step one role on the application takes: `service` gets
    the application, the person acting and what was typed; `can` says whether the step still
    applies; `initial(application)` fills the form in."""
    application = _in_role(request, pk, role)
    return application_form_flow(
        request,
        application,
        OOPP,
        form_class,
        act=lambda form: service(application=application, actor=request.user, **form.cleaned_data),
        available=can(roles=application.roles_of(request.user), application=application),
        form_kwargs={"initial": initial(application)} if initial else {},
        **page,
    )


@login_required
def oopp_supervisor_opinion_view(request, pk):
    return _role_form_flow(
        request,
        pk,
        "SUPERVISOR",
        SupervisorOpinionForm,
        service=oopp_supervisor_opinion_record,
        can=oopp_can_give_supervisor_opinion,
        initial=lambda application: {
            "view": application.es_view,
            "comment": application.es_comment,
        },
        title="Your view as educational supervisor",
        done="Your view is recorded. The TPD and the trainee have been told.",
    )


@login_required
def oopp_return_view(request, pk):
    return _role_form_flow(
        request,
        pk,
        "DEANERY",
        ReturnDateForm,
        service=oopp_return,
        can=oopp_can_record_return,
        title="Record an early return to training",
        done="The return to training is recorded.",
    )


@login_required
def oopp_recognition_view(request, pk):
    return _role_form_flow(
        request,
        pk,
        "DEANERY",
        RecognitionForm,
        service=oopp_recognition_record,
        can=oopp_can_record_recognition,
        title="Record the ARCP decision on capabilities",
        done="The ARCP decision is recorded and the completion date recalculated.",
    )
