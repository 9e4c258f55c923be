"""The pages only LTFT applications have: starting one, and the dean's Skilled Worker visa
override on the decision page. The pages every kind shares are in `views.common`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from portal.core.exceptions import ApplicationError
from requests_ltft.forms.applications import ReasonForm, chosen_form
from requests_ltft.kinds import LTFT
from requests_ltft.selectors.ltft import ltft_get
from requests_ltft.services.ltft import ltft_application_start, ltft_visa_override
from requests_ltft.views.common import application_form_flow, trainee_memberships


@login_required
def ltft_start_view(request):
    trainee, memberships, elsewhere = trainee_memberships(request)
    if elsewhere:
        return elsewhere
    form = chosen_form(request, memberships)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            application = ltft_application_start(
                trainee=trainee, membership=membership, actor=request.user
            )
        except ApplicationError as error:
            # The one refusal is an open application already: the list shows it.
            messages.error(request, error.message)
            return redirect("requests_ltft:ltft_list")
        return redirect("requests_ltft:ltft_step", pk=application.pk, step="change")
    return render(
        request,
        "requests_ltft/ltft_start.html",
        {
            "form": form,
            "single": memberships[0] if len(memberships) == 1 else None,
            "notices": ltft_notices(memberships),
        },
    )


def ltft_notices(memberships) -> list[tuple[str, int]]:
    """Each local office's LTFT notice in weeks (docs/rules.md §1), once per office."""
    offices = {m.programme.local_office for m in memberships}
    return sorted((o.name, o.ltft_notice_weeks) for o in offices)


@login_required
def ltft_visa_override_view(request, pk):
    application = ltft_get(user=request.user, pk=pk)
    return application_form_flow(
        request,
        application,
        LTFT,
        ReasonForm,
        title="Record the dean's Skilled Worker visa override",
        act=lambda form: ltft_visa_override(
            application=application, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        done="The dean's override is recorded.",
        form_kwargs={
            "label": "Why does the dean allow this?",
            "submit_text": "Record override",
            "required_message": "Enter the reason for the dean's override",
        },
    )
