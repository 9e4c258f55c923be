"""Forms for absences, KIT days, enhanced supervision, acknowledgements and office settings.
They validate and clean; the services in `returners.services` decide and write."""

import re

from django import forms

from portal.nhsuk.forms import BaseForm, DateField
from portal.nhsuk.labels import optional
from returners.models import AbsenceReason, KeepInTouchDay, ParentalLeave

YES_NO = [("YES", "Yes"), ("NO", "No")]
HEALTH_HINT = (
    "Only the trainee, their educational supervisor, their training programme director and "
    "the local office can see this, and each time they do it is recorded. Record what the "
    "return needs, not a diagnosis."
)


def _text(label, *, required=True, rows=None, max_length=2000, help_text="", message=""):
    """A text field; its limit message comes from the shared form mixin (portal/nhsuk), so all
    limits read alike ("2,000"). A required one states its own message, written as a person
    would say it: "Enter" and the label read badly for many labels."""
    if required and not message:
        raise ValueError(f"A required text field needs its message: {label}")
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=widget,
        error_messages={"required": message} if required else {},
    )


class AbsenceDatesMixin:
    """Cross-checks of the two dates, shared by logging and changing an absence."""

    def clean(self):
        cleaned = super().clean()
        starts_on, return_on = cleaned.get("starts_on"), cleaned.get("expected_return_on")
        if starts_on and return_on and return_on <= starts_on:
            self.add_error(
                "expected_return_on",
                "The expected return date must be after the first day of the absence",
            )
        return cleaned


class AbsenceForm(AbsenceDatesMixin, BaseForm):
    submit_text = "Save the absence"

    gmc_number = forms.CharField(
        label="Trainee's GMC number",
        help_text="7 digits, for example 7100000",
        max_length=7,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "inputmode": "numeric"}),
        error_messages={"required": "Enter the trainee's GMC number"},
    )
    reason = forms.ChoiceField(
        label="Reason for the absence",
        choices=AbsenceReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason for the absence"},
    )
    parental_leave = forms.ChoiceField(
        label="If it is parental leave, which kind?",
        help_text="This decides how many KIT or SPLIT days can be worked.",
        choices=ParentalLeave.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    other_reason = _text("If the reason is other, what is it?", required=False, max_length=200)
    sickness_details = _text(
        "If it is sickness, what should the return plan take into account?",
        required=False,
        rows=3,
        max_length=1000,
        help_text=HEALTH_HINT,
    )
    starts_on = DateField(
        label="First day of the absence",
        help_text="For example, 25 2 2027",
        error_messages={"required": "Enter the first day of the absence"},
    )
    expected_return_on = DateField(
        label="Expected return date",
        help_text="The first day back at work, for example 25 8 2027",
        error_messages={"required": "Enter the expected return date"},
    )
    planned = forms.ChoiceField(
        label="Was the absence planned in advance?",
        choices=[("YES", "Yes, it was planned"), ("NO", "No, it was unplanned")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the absence was planned"},
    )
    opt_in = forms.BooleanField(
        label="Make a return-to-training plan even if the absence is shorter than 3 months",
        help_text="Absences of 3 months or more always get a plan.",
        required=False,
    )

    def __init__(self, *args, ask_for_trainee: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_for_trainee:
            del self.fields["gmc_number"]

    def clean_gmc_number(self):
        value = self.cleaned_data["gmc_number"].strip()
        if not re.fullmatch(r"[0-9]{7}", value):
            raise forms.ValidationError("Enter a GMC number of exactly 7 digits, like 7100000")
        return value

    def clean(self):
        cleaned = super().clean()
        reason = cleaned.get("reason")
        if reason == AbsenceReason.PARENTAL and not cleaned.get("parental_leave"):
            self.add_error("parental_leave", "Select the kind of parental leave")
        if reason != AbsenceReason.PARENTAL:
            cleaned["parental_leave"] = ""
        if reason == AbsenceReason.OTHER and not cleaned.get("other_reason", "").strip():
            self.add_error("other_reason", "Enter the reason for the absence")
        if reason != AbsenceReason.OTHER:
            cleaned["other_reason"] = ""
        if reason != AbsenceReason.SICKNESS:
            # Never keep health details typed against another reason by mistake.
            cleaned["sickness_details"] = ""
        cleaned["planned"] = cleaned.get("planned") == "YES"
        return cleaned


class AbsenceDatesForm(AbsenceDatesMixin, BaseForm):
    submit_text = "Save the dates"

    starts_on = AbsenceForm.base_fields["starts_on"]
    expected_return_on = AbsenceForm.base_fields["expected_return_on"]


class ReturnForm(BaseForm):
    submit_text = "Record the return"

    returned_on = DateField(
        label="Date the trainee returned",
        help_text="Their first day back at work, for example 25 8 2027",
        error_messages={"required": "Enter the date the trainee returned"},
    )


class KitDayForm(BaseForm):
    submit_text = "Log the day"

    kind = forms.ChoiceField(
        label="Kind of day",
        choices=KeepInTouchDay.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of day"},
    )
    on = DateField(
        label="Date worked",
        help_text="Any part of a day counts as a whole day. For example, 3 5 2027",
        error_messages={"required": "Enter the date worked"},
    )
    note = _text("What the day was used for", required=False, max_length=300)

    def __init__(self, *args, kinds=None, **kwargs):
        """`kinds`: the kinds the absence allows (docs/rules.md §7), so none is offered only to
        be refused."""
        super().__init__(*args, **kwargs)
        if kinds is not None:
            field = self.fields["kind"]
            field.choices = [(value, text) for value, text in field.choices if value in kinds]


class KitDayChangeForm(KitDayForm):
    submit_text = "Save changes"


class EnhancedSupervisionExtendForm(BaseForm):
    submit_text = "Record the extension"

    days = forms.IntegerField(
        label="Extra working days",
        min_value=1,
        max_value=30,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of extra working days",
            "invalid": "Enter the number of extra working days as a whole number, like 5",
            "min_value": "Enter at least 1 extra working day",
            "max_value": "Enter 30 extra working days or fewer",
        },
    )
    reason = _text(
        "Reason for the extension",
        rows=3,
        max_length=1000,
        message="Enter the reason for the extension",
    )


class AcknowledgeForm(BaseForm):
    submit_text = "Acknowledge the record"

    comment = optional(
        _text(
            "Your comment",
            required=False,
            rows=3,
            help_text="For example, anything you see differently. It is kept beside the record.",
        )
    )


class AddendumForm(BaseForm):
    submit_text = "Add the addendum"

    text = _text(
        "Addendum",
        rows=4,
        help_text="The signed-off record stays as it is; this is shown beside it.",
        message="Enter the addendum",
    )
