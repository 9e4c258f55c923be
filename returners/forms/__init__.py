"""Forms for SuppoRTT pages. They validate and clean; the services in `returners.services`
decide and write. This package is part of what other apps may use (with `services`,
`selectors`, `permissions` and `presenters`)."""

from returners.forms.absences import (
    AbsenceDatesForm,
    AbsenceForm,
    AcknowledgeForm,
    AddendumForm,
    EnhancedSupervisionExtendForm,
    KitDayChangeForm,
    KitDayForm,
    ReturnForm,
)
from returners.forms.meeting_records import MeetingRecordForm, record_form_class
from returners.forms.meetings import AgreedActionForm, MeetingCancelForm, MeetingScheduleForm

__all__ = [
    "AbsenceDatesForm",
    "AbsenceForm",
    "AcknowledgeForm",
    "AddendumForm",
    "AgreedActionForm",
    "EnhancedSupervisionExtendForm",
    "KitDayChangeForm",
    "KitDayForm",
    "MeetingCancelForm",
    "MeetingRecordForm",
    "MeetingScheduleForm",
    "ReturnForm",
    "record_form_class",
]
