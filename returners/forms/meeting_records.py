"""What each meeting records (docs/rules.md §6), as one form per meeting kind.

The form is the schema: the record is stored as the cleaned values (JSON), and the record page
labels them with these same fields, so a question asked and a question shown cannot drift.
Occupational health notes go to their own protected column, never into the JSON.
"""

from datetime import date

from django import forms
from django.utils import timezone

from portal.nhsuk.forms import BaseForm, DateField
from returners.forms.absences import HEALTH_HINT, YES_NO, _text
from returners.models import Meeting, MeetingKind
from returners.services.meetings import (
    CONFIRMED_RETURN_DATE,
    ENHANCED_SUPERVISION_CHOICE,
    ENHANCED_SUPERVISION_DAYS,
    ENHANCED_SUPERVISION_OPT_OUT,
    ENHANCED_SUPERVISION_OPT_OUT_REASON,
)

HEALTH_FIELD = "health_notes"
HELD_ON = "held_on"


def _radios(label, choices, message, required=True, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        help_text=help_text,
        error_messages={"required": message},
    )


def _number(label, *, maximum, help_text=""):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=maximum,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": f"{label} must be a whole number, like 2",
            "min_value": f"{label} cannot be less than 0",
            "max_value": f"{label} must be {maximum} or fewer",
        },
    )


class MeetingRecordForm(BaseForm):
    submit_text = "Save the record"

    held_on = DateField(
        label="Date of the meeting",
        help_text="For example, 20 1 2027",
        error_messages={"required": "Enter the date of the meeting"},
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError("The date of the meeting must be today or in the past")
        return held_on

    def content(self) -> dict:
        """The cleaned answers, JSON-safe, without the date and the health notes."""
        values = {}
        for name, value in self.cleaned_data.items():
            if name in (HELD_ON, HEALTH_FIELD):
                continue
            values[name] = value.isoformat() if isinstance(value, date) else value
        return values

    def health_notes(self) -> str:
        return self.cleaned_data.get(HEALTH_FIELD, "")

    @classmethod
    def initial_from(cls, meeting: Meeting) -> dict:
        initial = dict(meeting.content)
        for name, field in cls.base_fields.items():
            if isinstance(field, DateField) and isinstance(initial.get(name), str):
                initial[name] = date.fromisoformat(initial[name])
        if meeting.held_on:
            initial[HELD_ON] = meeting.held_on
        initial[HEALTH_FIELD] = meeting.health_notes
        return initial


class PreAbsenceRecordForm(MeetingRecordForm):
    return_place = _text(
        "Where the trainee expects to return",
        help_text="Returning to the same trust is recommended.",
        max_length=300,
        message="Enter where the trainee expects to return",
    )
    keep_in_touch = _text(
        "How you will keep in touch",
        rows=3,
        help_text="An up-to-date email address, and how often to be in contact.",
        message="Enter how you will keep in touch",
    )
    consent_to_contact = _radios(
        "Has the trainee agreed to be contacted during the absence?",
        YES_NO,
        "Select whether the trainee has agreed to be contacted",
    )
    keeping_up_to_date = _text(
        "Plans for keeping up to date, including KIT or SPLIT days", required=False, rows=3
    )
    support_needs = _text(
        "Support the trainee expects to need on return",
        required=False,
        rows=3,
        help_text="For example, enhanced supervision, a return course or coaching.",
    )
    concerns = _text("Concerns", required=False, rows=3)


class PreReturnRecordForm(MeetingRecordForm):
    # The `es_` fields are keys of records already stored; renaming them would orphan answers.
    confirmed_return_date = DateField(
        label="Confirmed return date",
        help_text="Taking accrued annual leave into account. For example, 25 8 2027",
        error_messages={"required": "Enter the confirmed return date"},
    )
    ltft_on_return = _radios(
        "Working pattern on return",
        [
            ("FULL_TIME", "Full time"),
            ("LTFT_SAME", "Less than full time, as before"),
            ("LTFT_CHANGE", "A change of working hours (the trainee needs to apply for LTFT)"),
        ],
        "Select the working pattern on return",
    )
    health_notes = _text(
        "Occupational health or phased-return needs",
        required=False,
        rows=3,
        max_length=1000,
        help_text=HEALTH_HINT,
    )
    mandatory_training = _text(
        "Mandatory training due",
        required=False,
        rows=2,
        help_text="For example, resuscitation or safeguarding.",
    )
    es_choice = _radios(
        "Will the trainee have enhanced supervision?",
        [("TAKE", "Yes"), (ENHANCED_SUPERVISION_OPT_OUT, "No, the trainee opts out")],
        "Select whether the trainee will have enhanced supervision",
        help_text="Even senior trainees are strongly encouraged to take it.",
    )
    es_days = _number(
        "Length of enhanced supervision in working days",
        maximum=60,
        help_text="Leave empty to keep the plan's length (10 days full time, pro rata for LTFT).",
    )
    es_content = _text(
        "What enhanced supervision will include",
        required=False,
        rows=3,
        help_text="Clinical activities, for example ward, theatre or clinic. No out-of-hours "
        "work unless supervised or supernumerary.",
    )
    es_opt_out_reason = _text("If the trainee opts out, their reason", required=False, rows=2)
    assessment_methods = forms.MultipleChoiceField(
        label="Assessment methods",
        choices=[
            ("SLE", "Supervised learning events or workplace-based assessments"),
            ("OBSERVATION", "Direct observation"),
            ("SIMULATION", "Simulation"),
            ("FEEDBACK", "Feedback"),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    courses = _text("Courses requested, and their funding", required=False, rows=2)
    coaching_sessions = _number("Coaching sessions requested", maximum=20)
    supernumerary_days = _number("Supernumerary days requested", maximum=60)
    rota_informed = _radios(
        "Has the rota coordinator been told about enhanced supervision?",
        YES_NO,
        "Select whether the rota coordinator has been told",
    )

    def clean(self):
        cleaned = super().clean()
        opted_out = cleaned.get(ENHANCED_SUPERVISION_CHOICE) == ENHANCED_SUPERVISION_OPT_OUT
        if opted_out and not cleaned.get(ENHANCED_SUPERVISION_OPT_OUT_REASON, "").strip():
            self.add_error(
                ENHANCED_SUPERVISION_OPT_OUT_REASON, "Enter the trainee's reason for opting out"
            )
        if not opted_out:
            cleaned[ENHANCED_SUPERVISION_OPT_OUT_REASON] = ""
        if cleaned.get(ENHANCED_SUPERVISION_DAYS) == 0:
            self.add_error(
                ENHANCED_SUPERVISION_DAYS, "Enter at least 1 working day, or leave it empty"
            )
        confirmed = cleaned.get(CONFIRMED_RETURN_DATE)
        starts_on = self.meeting.plan.absence.starts_on
        if confirmed and confirmed <= starts_on:
            self.add_error(
                CONFIRMED_RETURN_DATE,
                f"The return date must be after the absence starts ({starts_on:%-d %B %Y})",
            )
        return cleaned


class PostReturnRecordForm(MeetingRecordForm):
    progress = _text(
        "Progress against the plan, and workplace-based assessments completed",
        rows=3,
        message="Enter the trainee's progress against the plan",
    )
    ready_for_normal_duties = _radios(
        "Is the trainee confident and ready for normal duties, including out of hours?",
        [("YES", "Yes"), ("NOT_YET", "Not yet")],
        "Select whether the trainee is ready for normal duties",
    )
    confidence_notes = _text("Notes on confidence and readiness", required=False, rows=3)
    outstanding_needs = forms.MultipleChoiceField(
        label="Outstanding needs",
        help_text="Select all that apply.",
        choices=[
            ("EXTEND_ES", "Extend enhanced supervision"),
            ("COURSES", "More courses"),
            ("COACHING", "Coaching"),
            ("OCCUPATIONAL_HEALTH", "Occupational health"),
            ("PSU", "Referral to the Professional Support unit"),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    health_notes = _text(
        "Occupational health notes", required=False, rows=3, max_length=1000, help_text=HEALTH_HINT
    )
    ltft_status = _radios(
        "Working pattern now",
        [("FULL_TIME", "Full time"), ("LTFT", "Less than full time")],
        "Select the trainee's working pattern now",
    )
    arcp_plan = _text(
        "Plan towards the next ARCP", rows=3, message="Enter the plan towards the next ARCP"
    )


RECORD_FORMS: dict[str, type[MeetingRecordForm]] = {
    MeetingKind.PRE_ABSENCE: PreAbsenceRecordForm,
    MeetingKind.PRE_RETURN: PreReturnRecordForm,
    MeetingKind.POST_RETURN: PostReturnRecordForm,
}


def record_form_class(meeting: Meeting) -> type[MeetingRecordForm]:
    return RECORD_FORMS[meeting.kind]
