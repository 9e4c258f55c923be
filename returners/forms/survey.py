"""The returners' survey, one topic a page (docs/rules.md §14). Every question is optional."""

from django import forms

from portal.nhsuk.forms import BaseForm
from portal.nhsuk.labels import optional
from returners.models import Answer3, MeetingKind, NoSupportReason

SCORES = [("1", "1 – not at all"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5 – very")]
SCALE_HINT = "1 is not at all, 5 is very"


def _score(label, help_text=""):
    return optional(
        forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            choices=SCORES,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
        )
    )


def _yes_no(label):
    return optional(
        forms.ChoiceField(label=label, choices=Answer3.choices, widget=forms.RadioSelect)
    )


def _text(label, help_text=""):
    return optional(
        forms.CharField(
            label=label,
            help_text=help_text,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
    )


class SurveyStepForm(BaseForm):
    submit_text = "Continue"
    heading = ""

    def answers(self) -> dict:
        """The cleaned answers, by the answer's field names."""
        return dict(self.cleaned_data)


class ConfidenceForm(SurveyStepForm):
    heading = "How confident did you feel?"
    confidence_first_day = _score("On your first day back", SCALE_HINT)
    confidence_now = _score("Now", SCALE_HINT)


def meeting_form(kind: MeetingKind) -> type[SurveyStepForm]:
    """The page about one of the three meetings."""
    prefix = kind.value.lower()
    name = kind.label.lower()

    fields = {
        f"{prefix}_happened": _yes_no(f"Did your {name} happen?"),
        f"{prefix}_useful": _score("If it happened, how useful was it?", SCALE_HINT),
    }
    form = type("MeetingForm", (SurveyStepForm,), {"heading": f"Your {name}", **fields})
    return form


class SupervisionForm(SurveyStepForm):
    heading = "Enhanced supervision"
    es_had = _yes_no("Did you have enhanced supervision when you came back?")
    es_days = optional(
        forms.IntegerField(
            label="If you did, for how many working days?",
            min_value=0,
            max_value=120,
            # Text with a numeric keyboard, as the NHS design system advises over type=number.
            widget=forms.TextInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
            error_messages={
                "invalid": "Enter the number of days as a whole number, for example 10",
                "min_value": "The number of days cannot be below 0",
                "max_value": "The number of days must be 120 or fewer",
            },
        )
    )
    es_enough = _yes_no("Was it enough?")
    es_useful = _score("How useful was it?", SCALE_HINT)


class CommentsForm(SurveyStepForm):
    heading = "What helped, and what would have"
    helped_most = _text("What helped you most?")
    would_have_helped = _text("What would have helped?")


class RecommendForm(SurveyStepForm):
    heading = "Would you recommend the support?"
    submit_text = "Send your answers"
    would_recommend = _yes_no("Would you recommend the support for returners to a colleague?")


class NoSupportForm(SurveyStepForm):
    heading = "Why did you not have support?"
    no_support_reason = optional(
        forms.ChoiceField(
            label="Why did you not have a return-to-training meeting or enhanced supervision?",
            choices=NoSupportReason.choices,
            widget=forms.RadioSelect,
        )
    )
    no_support_other = _text("If it was another reason, what was it?")


class NoSupportCommentsForm(SurveyStepForm):
    heading = "What would have helped?"
    submit_text = "Send your answers"
    would_have_helped = _text("What would have helped you come back to training?")


# The pages in order, by the slug in their address.
SUPPORTED_STEPS = {
    "confidence": ConfidenceForm,
    **{f"meeting-{kind.value.lower()}": meeting_form(kind) for kind in MeetingKind},
    "supervision": SupervisionForm,
    "comments": CommentsForm,
    "recommend": RecommendForm,
}
UNSUPPORTED_STEPS = {
    "why": NoSupportForm,
    "confidence": ConfidenceForm,
    "comments": NoSupportCommentsForm,
}
