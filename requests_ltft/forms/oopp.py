"""The OOPP form pages and the reviewers' forms. Forms validate and clean; services save.
Eligibility messages come from `eligibility.oopp`, so a page and the submission check
say the same thing."""

from django import forms
from django.utils import timezone

from portal.nhsuk.forms import BaseForm, DateField
from portal.nhsuk.labels import optional
from requests_ltft.eligibility import applies
from requests_ltft.eligibility import oopp as rules
from requests_ltft.forms.applications import (
    ApplicationDeclarationsForm,
    EvidenceForm,
    NoticeForm,
    ProgrammeForm,
    preview_problem,
)
from requests_ltft.models import SupervisorView
from requests_ltft.selectors.oopp import other_commitments
from trainees.working_pattern import completion_date

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label, *, required_message=None, help_text="", rows=5, max_length=5000):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required_message is not None,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        error_messages={"required": required_message or ""},
    )


class StartForm(ProgrammeForm):
    submit_text = "Start application"
    post_secured = forms.TypedChoiceField(
        label="Have you secured a post for your pause?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="The employer must have offered you the post before you apply.",
        error_messages={"required": "Select yes if you have secured a post for your pause"},
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, memberships=memberships, **kwargs)
        if len(memberships) == 1:
            # One programme: nothing to choose, the page says which it is.
            self.fields["membership"].widget = forms.HiddenInput()


class DatesForm(BaseForm):
    start_date = DateField(
        label="Start date",
        error_messages={"required": "Enter the date your pause starts"},
    )
    end_date = DateField(
        label="End date",
        help_text="The last day of your pause.",
        error_messages={"required": "Enter the last day of your pause"},
    )
    intended_return_date = DateField(
        label="Return to training",
        help_text="The first day back in training, usually the day after the end date. "
        "At most 12 months after the start date.",
        error_messages={"required": "Enter the date you plan to return to training"},
    )

    def __init__(self, *args, notice_months, others, completion, **kwargs):
        super().__init__(*args, **kwargs)
        self.others = others
        self.completion = completion
        earliest = rules.earliest_start(months=notice_months, on=timezone.localdate())
        self.fields[
            "start_date"
        ].help_text = (
            f"For example, {earliest:%-d %-m %Y}. Give at least {notice_months} months' notice."
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        back = cleaned.get("intended_return_date")
        if start and end and back:
            for field, message in rules.dates_problems(
                start=start,
                end=end,
                return_date=back,
                today=timezone.localdate(),
                others=self.others,
                completion=self.completion,
            ):
                self.add_error(field, message)
        return cleaned


class PostForm(BaseForm):
    post_title = forms.CharField(
        label="Post title",
        max_length=160,
        error_messages={"required": "Enter the title of the post"},
    )
    post_employer = forms.CharField(
        label="Employer",
        max_length=160,
        help_text="For example, the NHS trust or organisation that employs you in the post.",
        error_messages={"required": "Enter the employer"},
    )
    post_location = forms.CharField(
        label="Location",
        max_length=200,
        help_text="The hospital, practice or site, and the town.",
        error_messages={"required": "Enter where the post is"},
    )
    post_supervisor_name = forms.CharField(
        label="Name of your supervisor in the post",
        max_length=120,
        error_messages={"required": "Enter the name of your supervisor in the post"},
    )
    post_supervisor_email = optional(
        forms.EmailField(
            label="Their email address",
            error_messages={
                "invalid": "Enter an email address in the correct format, like name@nhs.net"
            },
        )
    )


class PracticeForm(BaseForm):
    scope_of_practice = _text(
        "Intended scope of practice",
        required_message="Describe your intended scope of practice",
        help_text="What you will do in the post, and under what supervision.",
    )
    capabilities_to_gain = _text(
        "Capabilities you expect to gain",
        required_message="Describe the capabilities you expect to gain",
        help_text="Curriculum capabilities and Generic Professional Capabilities. Those the "
        "ARCP recognises after your return can bring your completion date back.",
    )
    plan_for_return = _text(
        "Your plan for returning to training",
        required_message="Describe your plan for returning to training",
        help_text="For example, when you will meet your educational supervisor and any "
        "support you expect to need.",
    )


class IndemnityForm(BaseForm):
    indemnity = _text(
        "Indemnity arrangements",
        required_message="Describe your indemnity arrangements for the post",
        help_text="For example, the employer's NHS indemnity, or your medical defence "
        "organisation.",
        rows=3,
    )
    wellbeing_rationale = optional(
        _text(
            "Wellbeing rationale",
            help_text="If the pause is also for your wellbeing, you can tell us here. Only the "
            "people deciding on your application will see it.",
            rows=4,
        )
    )


class ConfirmationForm(EvidenceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Upload the job offer or confirmation of your post"
        self.fields[
            "file"
        ].help_text = "A PDF, PNG, JPEG or Word (.docx) file, smaller than 10MB, from the employer."


class DeclarationsForm(ApplicationDeclarationsForm):
    discussed = forms.BooleanField(
        label="I have discussed this pause with my educational supervisor and my training "
        "programme director",
        error_messages={"required": "Confirm that you have discussed this with your ES and TPD"},
    )
    understand_cct = forms.BooleanField(
        label="I understand my completion date moves by the whole pause until an ARCP "
        "recognises capabilities I gained",
        error_messages={"required": "Confirm that you understand how the CCT date moves"},
    )


class SupervisorOpinionForm(BaseForm):
    submit_text = "Save your view"
    view = forms.ChoiceField(
        label="Do you support this application?",
        choices=[
            (SupervisorView.SUPPORT, "Yes, I support it"),
            (SupervisorView.CONCERNS, "I have concerns"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you support the application"},
    )
    comment = _text(
        "Comment",
        help_text="Needed if you have concerns. The trainee, the TPD and the deanery will see it.",
        rows=4,
        max_length=3000,
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("view") == SupervisorView.CONCERNS
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error(
                "comment", "Describe your concerns so the TPD and the deanery can weigh them"
            )
        return cleaned


class ReturnDateForm(BaseForm):
    submit_text = "Record the return"
    returned_on = DateField(
        label="Date the trainee returned to training",
        help_text="Only if they came back before the planned date; the planned return is "
        "recorded by itself.",
        error_messages={"required": "Enter the date the trainee returned to training"},
    )


class RecognitionForm(BaseForm):
    submit_text = "Record the ARCP decision"
    days = forms.IntegerField(
        label="How many days of capabilities did the ARCP recognise?",
        min_value=0,
        help_text="Enter 0 if none were recognised. The days recognised come off the "
        "completion date.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of days the ARCP recognised",
            "invalid": "Enter the number of days as a whole number, like 90",
            "min_value": "Enter 0 or more days",
        },
    )


# The form pages ---------------------------------------------------------------------------

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


def shows_step(application, step: str) -> bool:
    return applies.page_applies(applies.OOPP, application, step, today=timezone.localdate())


def form_for(application, step, data=None, files=None):
    initial = {name: getattr(application, name) for name in FIELDS.get(step, [])}
    if step == "dates":
        return DatesForm(
            data,
            initial=initial,
            notice_months=_notice_months(application),
            others=other_commitments(application=application),
            completion=completion_date(application.membership),
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


def preview(application, data):
    form = DatesForm(
        data,
        notice_months=_notice_months(application),
        others=[],
        completion=completion_date(application.membership),
    )
    if not form.is_valid():
        return preview_problem(form)
    cleaned = form.cleaned_data
    try:
        return rules.provisional_cct(
            cct_date=completion_date(application.membership),
            start=cleaned["start_date"],
            return_date=cleaned["intended_return_date"],
        )
    except ValueError:
        return None
