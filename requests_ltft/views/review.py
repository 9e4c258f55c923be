"""What only the LTFT decision page has: the Skilled Worker visa check and the dean's override.
The page itself and the moves every kind shares are in `views.common`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from portal.core.exceptions import ApplicationError
from requests_ltft import rules, services
from requests_ltft.forms import ReasonForm
from requests_ltft.selectors import ltft_get
from requests_ltft.views.common import form_page


def detail_context(request, application, roles) -> dict:
    return {
        "visa_blocked": rules.visa_blocks(
            visa=application.skilled_worker_visa, percent=application.proposed_percent
        )
    }


@login_required
def ltft_visa_override_view(request, pk):
    from requests_ltft.views.kinds import LTFT

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
    return form_page(
        request, application, LTFT, form, "Record the dean's Skilled Worker visa override"
    )
