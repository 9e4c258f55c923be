"""The LTFT form pages. Forms validate and clean; services save."""

from django import forms
from django.utils import timezone

from portal.nhsuk.forms import BaseForm, DateField
from requests_ltft import rules
from requests_ltft.choices import DiscussionRole, ExceptionalReason, LtftReason

OTHER = "OTHER"
PERCENT_CHOICES = [
    ("50", "50%"),
    ("60", "60%"),
    ("70", "70%"),
    ("80", "80%"),
    ("100", "100% (full time)"),
    (OTHER, "Another percentage"),
]


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


class ChangeForm(BaseForm):
    """Proposed hours and dates: the answers the provisional CCT date depends on."""

    percent = forms.ChoiceField(
        label="What percentage of full time do you want to work?",
        choices=PERCENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the percentage of full time you want to work"},
    )
    bespoke_percent = forms.IntegerField(
        label="Another percentage",
        required=False,
        min_value=20,
        max_value=100,
        help_text="Between 20 and 100. Any percentage other than 50, 60, 70, 80 or 100 needs "
        "the dean's approval.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the percentage as a whole number, like 65",
            "min_value": "Enter a percentage of 20 or more",
            "max_value": "Enter a percentage of 100 or less",
        },
    )
    start_date = DateField(
        label="Start date",
        help_text="For example, 7 8 2027. Give at least 16 weeks' notice.",
        error_messages={"required": "Enter the date you want the change to start"},
    )
    end_date = DateField(
        label="End date (optional)",
        required=False,
        help_text="Leave this empty if the change lasts until you complete your training.",
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("percent")
        if choice == OTHER:
            percent = cleaned.get("bespoke_percent")
            if percent is None and "bespoke_percent" not in self.errors:
                self.add_error("bespoke_percent", "Enter the percentage you want to work")
        elif choice:
            percent = int(choice)
        else:
            percent = None
        if percent is not None:
            problem = rules.percent_problem(
                current=self.application.current_percent, proposed=percent
            )
            if problem:
                self.add_error("bespoke_percent" if choice == OTHER else "percent", problem)
        cleaned["proposed_percent"] = percent
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and start < timezone.localdate():
            self.add_error("start_date", "The start date must be today or in the future")
        if start and end and end <= start:
            self.add_error("end_date", "The end date must be after the start date")
        return cleaned


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
    alternative_start_date = DateField(
        label="Alternative start date (optional)",
        required=False,
        help_text="A date with the full notice, in case the short-notice date cannot be agreed.",
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


class ReasonsForm(BaseForm):
    reasons = forms.MultipleChoiceField(
        label="Why are you applying?",
        choices=LtftReason.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one reason for applying"},
    )
    reason_other = forms.CharField(
        label="If you selected other, describe your reason", required=False, max_length=200
    )
    supporting_information = forms.CharField(
        label="Supporting information",
        help_text="Tell us about your circumstances and what you discussed with your TPD. "
        "If your start date is less than 16 weeks away, explain why.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Enter your supporting information"},
    )

    def clean(self):
        cleaned = super().clean()
        if (
            LtftReason.OTHER in cleaned.get("reasons", [])
            and not cleaned.get("reason_other", "").strip()
        ):
            self.add_error("reason_other", "Describe your other reason for applying")
        return cleaned


class DiscussionsForm(BaseForm):
    tpd_name = forms.CharField(
        label="Name of the training programme director you discussed this with",
        max_length=120,
        error_messages={"required": "Enter the name of the TPD you discussed this with"},
    )
    tpd_email = forms.EmailField(
        label="Their email address",
        error_messages={
            "required": "Enter the TPD's email address",
            "invalid": "Enter an email address in the correct format, like name@nhs.net",
        },
    )
    other_name = forms.CharField(
        label="Anyone else you discussed it with (optional)", required=False, max_length=120
    )
    other_email = forms.EmailField(
        label="Their email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@nhs.net"
        },
    )
    other_role = forms.ChoiceField(
        label="Their role (optional)",
        required=False,
        choices=[("", "Select a role"), *DiscussionRole.choices],
    )

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get("other_name"), cleaned.get("other_email"), cleaned.get("other_role")]
        if any(parts) and not all(parts):
            self.add_error(
                "other_name",
                "Enter the name, email and role of the other person, or leave all three empty",
            )
        cleaned["other_discussions"] = (
            [{"name": parts[0], "email": parts[1], "role": parts[2]}] if all(parts) else []
        )
        return cleaned


class VisaForm(BaseForm):
    skilled_worker_visa = forms.TypedChoiceField(
        label="Do you hold a Skilled Worker (Tier 2) visa?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        help_text="Visa holders cannot usually work below 80% because of the salary threshold.",
        error_messages={"required": "Select yes if you hold a Skilled Worker visa"},
    )


class EvidenceForm(BaseForm):
    submit_text = "Upload file"
    secondary_submit = ("continue", "Continue")
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="A PDF, PNG, JPEG or Word (.docx) file, smaller than 10MB. Letters should be "
        "dated within the last 3 months.",
    )


class DeclarationsForm(BaseForm):
    submit_text = "Submit application"
    information_correct = forms.BooleanField(
        label="The information I have given is correct and complete",
        error_messages={"required": "Confirm that the information you have given is correct"},
    )
    discussed_with_tpd = forms.BooleanField(
        label="I have discussed this change with my training programme director",
        error_messages={"required": "Confirm that you have discussed this with your TPD"},
    )
    understand_cct = forms.BooleanField(
        label="I understand my completion date is provisional until it is confirmed at ARCP",
        error_messages={"required": "Confirm that you understand the CCT date is provisional"},
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
