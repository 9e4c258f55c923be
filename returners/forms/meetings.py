"""Scheduling a meeting and adding an agreed action. The meeting records themselves are in
`returners.forms.meeting_records`."""

from datetime import datetime

from django import forms
from django.utils import timezone

from portal.nhsuk.forms import BaseForm, DateField
from returners.models import ActionOwner

DURATIONS = [(30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"), (90, "1 hour 30 minutes")]


class MeetingScheduleForm(BaseForm):
    submit_text = "Schedule the meeting"

    on = DateField(
        label="Date",
        help_text="For example, 20 1 2027",
        error_messages={"required": "Enter the date of the meeting"},
    )
    start_time = forms.TimeField(
        label="Start time",
        help_text="Use the 24-hour clock, for example 14:30",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5"}),
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time as hours and minutes, like 14:30",
        },
    )
    duration_minutes = forms.TypedChoiceField(
        label="Length",
        choices=DURATIONS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how long the meeting will be"},
    )
    location = forms.CharField(
        label="Place",
        help_text="For example, Education centre, room 2. Leave empty if the meeting is online.",
        required=False,
        max_length=200,
        error_messages={"max_length": "Place must be 200 characters or fewer"},
    )
    video_link = forms.URLField(
        label="Video link",
        help_text="If the meeting is online, for example a Microsoft Teams link",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the video link as a web address, like https://teams.microsoft.com/…",
            "max_length": "Video link must be 500 characters or fewer",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("location") or cleaned.get("video_link")) and not (
            self.has_error("location") or self.has_error("video_link")
        ):
            self.add_error("location", "Enter where the meeting will be, or a video link")
        on, start = cleaned.get("on"), cleaned.get("start_time")
        if on and start:
            starts_at = timezone.make_aware(datetime.combine(on, start))
            if starts_at <= timezone.now():
                self.add_error("on", "The meeting must be in the future")
            cleaned["starts_at"] = starts_at
        return cleaned


class AgreedActionForm(BaseForm):
    submit_text = "Add the action"

    description = forms.CharField(
        label="Action",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Enter the action",
            "max_length": "Action must be 500 characters or fewer",
        },
    )
    owner = forms.ChoiceField(
        label="Who will do it?",
        choices=ActionOwner.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who will do it"},
    )


class MeetingCancelForm(BaseForm):
    submit_text = "Cancel the meeting"

    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        help_text="We send this to you both. The meeting still needs to be held, so schedule "
        "it again when you can.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Enter why the meeting is cancelled",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )
