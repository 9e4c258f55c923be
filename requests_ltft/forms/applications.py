"""The forms every kind of application uses: the programme question, short notice, an upload,
a reason for a move and the case owner. Forms validate and clean; services save."""

from django import forms

from portal.core.views import posted
from portal.nhsuk.forms import BaseForm, DateField
from portal.nhsuk.labels import optional
from requests_ltft.choices import ExceptionalReason


class ProgrammeForm(BaseForm):
    submit_text = "Start application"
    membership = forms.ChoiceField(
        label="Which programme is this application for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the programme this application is for"},
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = {str(m.pk): m for m in memberships}
        self.fields["membership"].choices = [
            (key, f"{m.programme.name} ({m.grade.code})") for key, m in self.memberships.items()
        ]

    def clean_membership(self):
        return self.memberships[self.cleaned_data["membership"]]


def chosen_form(request, memberships, form_class=ProgrammeForm, **kwargs):
    """The programme question; with one programme, posting the page answers it."""
    data = posted(request)
    if len(memberships) == 1 and request.method == "POST":
        data = {**request.POST.dict(), "membership": str(memberships[0].pk)}
    return form_class(data, memberships=memberships, **kwargs)


def preview_problem(form) -> str | None:
    """Why the live date panel cannot show a date from what is typed so far: the first
    problem with an answer given (an empty one only needs the prompt)."""
    for errors in form.errors.as_data().values():
        for error in errors:
            if error.code != "required":
                return " ".join(error.messages)
    return None


class NoticeForm(BaseForm):
    exceptional_reason = forms.ChoiceField(
        label="Which exceptional reason applies to you?",
        choices=ExceptionalReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the exceptional reason for the short notice"},
    )
    exceptional_explanation = forms.CharField(
        label="Explain why you need less notice",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": "Explain why you need the change at short notice"},
    )
    alternative_start_date = optional(
        DateField(
            label="Alternative start date",
            help_text="A date with the full notice, in case the short-notice date cannot be "
            "agreed.",
        )
    )

    def __init__(self, *args, earliest_standard_start, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest = earliest_standard_start

    def clean_alternative_start_date(self):
        value = self.cleaned_data.get("alternative_start_date")
        if value and value < self.earliest:
            raise forms.ValidationError(
                f"The alternative start date must be on or after "
                f"{self.earliest:%-d %B %Y} to give the full notice"
            )
        return value


class EvidenceForm(BaseForm):
    submit_text = "Upload file"
    secondary_submit = ("continue", "Continue")
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="A PDF, PNG, JPEG or Word (.docx) file, smaller than 10MB. Letters should be "
        "dated within the last 3 months.",
    )


class ApplicationDeclarationsForm(BaseForm):
    """What every kind's check page asks the trainee to declare; each kind adds its own."""

    submit_text = "Submit application"
    information_correct = forms.BooleanField(
        label="The information I have given is correct and complete",
        error_messages={"required": "Confirm that the information you have given is correct"},
    )


class ReasonForm(BaseForm):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": "Enter a reason"},
    )

    def __init__(self, *args, label, submit_text, required_message, **kwargs):
        self.submit_text = submit_text
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message


class CaseOwnerForm(BaseForm):
    submit_text = "Assign"
    case_owner = forms.ChoiceField(label="Case owner", required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(u.pk): u for u in candidates}
        self.fields["case_owner"].choices = [("", "Nobody yet")] + [
            (key, u.get_full_name()) for key, u in self.candidates.items()
        ]

    def clean_case_owner(self):
        return self.candidates.get(self.cleaned_data["case_owner"])
