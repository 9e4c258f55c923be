"""The LTFT form pages: the forms, and what each page asks and saves. Forms validate and
clean; services save."""

from django import forms
from django.utils import timezone

from portal.accounts import privacy
from portal.nhsuk.forms import BaseForm, DateField
from portal.nhsuk.labels import optional
from requests_ltft.choices import SPECIAL_CATEGORY_REASONS as SPECIAL_REASONS
from requests_ltft.choices import DiscussionRole, LtftReason
from requests_ltft.eligibility import applies
from requests_ltft.eligibility import ltft as rules
from requests_ltft.forms.applications import (
    ApplicationDeclarationsForm,
    EvidenceForm,
    NoticeForm,
    preview_problem,
)
from requests_ltft.selectors.ltft import (
    ltft_approved_change_problem,
    ltft_hours_before,
    ltft_provisional_cct,
)
from trainees.working_pattern import completion_date

OTHER = "OTHER"
PERCENT_CHOICES = [
    ("50", "50%"),
    ("60", "60%"),
    ("70", "70%"),
    ("80", "80%"),
    ("100", "100% (full time)"),
    (OTHER, "Another percentage"),
]


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
        help_text="For example, 7 8 2027.",  # the office's notice is added per application
        error_messages={"required": "Enter the date you want the change to start"},
    )
    end_date = optional(
        DateField(
            label="End date",
            help_text="Leave this empty if the change lasts until you complete your training.",
        )
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        weeks = application.programme.local_office.ltft_notice_weeks
        self.fields["start_date"].help_text += f" Give at least {weeks} weeks' notice."
        # The hours they work now are not a change: not offered (100% to a full-time trainee).
        current = str(application.current_percent)
        self.fields["percent"].choices = [c for c in PERCENT_CHOICES if c[0] != current]
        # Django formats this message with the value posted, so its percent sign is doubled.
        self.fields["percent"].error_messages["invalid_choice"] = (
            "Choose one of the percentages shown: your proposed hours must differ from your "
            "current " + current + "%%"
        )

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
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        membership = self.application.membership
        if percent is not None:
            current = ltft_hours_before(membership, start) if start else None
            problem = rules.percent_problem(
                current=current or self.application.current_percent, proposed=percent
            )
            if problem:
                self.add_error("bespoke_percent" if choice == OTHER else "percent", problem)
        cleaned["proposed_percent"] = percent
        if start and start < timezone.localdate():
            self.add_error("start_date", "The start date must be today or in the future")
        elif start and (
            problem := rules.start_problem(start=start, completion=completion_date(membership))
            or ltft_approved_change_problem(membership, start)
        ):
            self.add_error("start_date", problem)
        if start and end and end <= start:
            self.add_error("end_date", "The end date must be after the start date")
        return cleaned


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
    reasons_shared_with_tpd = forms.TypedChoiceField(
        label=privacy.SHARE_QUESTION,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        # Asked only with a special-category reason: portal.js hides it until one is ticked.
        widget=forms.RadioSelect(
            attrs={"data-shown-with": " ".join(sorted(f"reasons={r}" for r in SPECIAL_REASONS))}
        ),
        required=False,
        empty_value=False,
        help_text='This is about the reasons "Disability or illness" and "Religious '
        'commitment". If you say no, your TPD sees "A reason the trainee shared with the '
        'deanery only". The deanery team of your local office always sees it. You can change '
        "this until you submit.",
    )
    supporting_information = forms.CharField(
        label="Supporting information",
        help_text="Tell us about your circumstances and what you discussed with your TPD. "
        "If your start date is less than {weeks} weeks away, explain why. Your TPD and the "
        "deanery team read this: leave out health or religious details you have not agreed to "
        "share with your TPD.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Enter your supporting information"},
    )

    def __init__(self, *args, notice_weeks, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["supporting_information"]
        field.help_text = field.help_text.format(weeks=notice_weeks)

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
    other_name = optional(
        forms.CharField(label="Anyone else you discussed it with", max_length=120)
    )
    other_email = optional(
        forms.EmailField(
            label="Their email address",
            error_messages={
                "invalid": "Enter an email address in the correct format, like name@nhs.net"
            },
        )
    )
    other_role = optional(
        forms.ChoiceField(
            label="Their role", choices=[("", "Select a role"), *DiscussionRole.choices]
        )
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


class DeclarationsForm(ApplicationDeclarationsForm):
    discussed_with_tpd = forms.BooleanField(
        label="I have discussed this change with my training programme director",
        error_messages={"required": "Confirm that you have discussed this with your TPD"},
    )
    understand_cct = forms.BooleanField(
        label="I understand my completion date is provisional until it is confirmed at ARCP",
        error_messages={"required": "Confirm that you understand the CCT date is provisional"},
    )


# The form pages ---------------------------------------------------------------------------

STEPS = ("change", "notice", "reasons", "discussions", "visa", "evidence")
STEP_TITLES = {
    "change": "Your proposed change",
    "notice": "Your start date is less than the notice period",
    "reasons": "Your reasons for applying",
    "discussions": "Who you discussed this with",
    "visa": "Your visa",
    "evidence": "Upload evidence",
}


def shows_step(application, step: str) -> bool:
    return applies.page_applies(applies.LTFT, application, step, today=timezone.localdate())


def _initial(application, step: str) -> dict:
    if step == "change":
        standard = application.proposed_percent in (50, 60, 70, 80, 100)
        return {
            "percent": str(application.proposed_percent)
            if standard
            else (OTHER if application.proposed_percent else None),
            "bespoke_percent": None if standard else application.proposed_percent,
            "start_date": application.start_date,
            "end_date": application.end_date,
        }
    if step == "discussions":
        other = application.other_discussions[0] if application.other_discussions else {}
        return {
            "tpd_name": application.tpd_name,
            "tpd_email": application.tpd_email,
            "other_name": other.get("name", ""),
            "other_email": other.get("email", ""),
            "other_role": other.get("role", ""),
        }
    if step == "reasons":
        return {
            "reasons": application.reasons,
            "reason_other": application.reason_other,
            "reasons_shared_with_tpd": "yes" if application.reasons_shared_with_tpd else "no",
            "supporting_information": application.supporting_information,
        }
    if step == "visa":
        visa = application.skilled_worker_visa
        return {"skilled_worker_visa": None if visa is None else ("yes" if visa else "no")}
    return {
        field: getattr(application, field)
        for field in {
            "notice": ["exceptional_reason", "exceptional_explanation", "alternative_start_date"],
        }.get(step, [])
    }


def form_for(application, step, data=None, files=None):
    initial = _initial(application, step)
    if step == "change":
        return ChangeForm(data, initial=initial, application=application)
    if step == "notice":
        weeks = application.programme.local_office.ltft_notice_weeks
        earliest = rules.notice_deadline(weeks=weeks, on=timezone.localdate())
        return NoticeForm(data, initial=initial, earliest_standard_start=earliest)
    if step == "evidence":
        return EvidenceForm(data, files)
    if step == "reasons":
        weeks = application.programme.local_office.ltft_notice_weeks
        return ReasonsForm(data, initial=initial, notice_weeks=weeks)
    form_class = {"discussions": DiscussionsForm, "visa": VisaForm}[step]
    return form_class(data, initial=initial)


def values(step, cleaned) -> dict:
    if step == "change":
        return {
            "proposed_percent": cleaned["proposed_percent"],
            "start_date": cleaned["start_date"],
            "end_date": cleaned.get("end_date"),
        }
    if step == "discussions":
        return {
            "tpd_name": cleaned["tpd_name"],
            "tpd_email": cleaned["tpd_email"],
            "other_discussions": cleaned["other_discussions"],
        }
    return {
        name: cleaned[name]
        for name in {
            "notice": ["exceptional_reason", "exceptional_explanation", "alternative_start_date"],
            "reasons": [
                "reasons",
                "reason_other",
                "reasons_shared_with_tpd",
                "supporting_information",
            ],
            "visa": ["skilled_worker_visa"],
        }[step]
    }


def step_context(application, step) -> dict:
    return {"notice_weeks": application.programme.local_office.ltft_notice_weeks}


def preview(application, data):
    """The live preview on the change page, from what is typed so far: a date, or why there
    is none (a str), or None while answers are missing."""
    form = ChangeForm(data, application=application)
    form.is_valid()
    if form.errors:
        return preview_problem(form)
    cleaned = form.cleaned_data
    percent, start = cleaned.get("proposed_percent"), cleaned.get("start_date")
    if not (percent and start):
        return None
    return ltft_provisional_cct(
        application, percent=percent, start=start, end=cleaned.get("end_date")
    )
