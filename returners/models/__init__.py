"""Supported Return to Training (SuppoRTT): absences, return plans, their three meetings, KIT and
SPLIT days, enhanced supervision, and each local office's timings.

Rules that span rows (windows, limits, the sign-off lock) live in `returners.services`; what a
single row must always satisfy is written here as database constraints.
"""

from returners.choices import MeetingStatus
from returners.models.absences import (
    Absence,
    AbsenceReason,
    KeepInTouchDay,
    KitDayKind,
    ParentalLeave,
)
from returners.models.meetings import (
    MEETING_ORDER,
    ActionOwner,
    AgreedAction,
    Meeting,
    MeetingAddendum,
    MeetingKind,
    MeetingStatusChange,
)
from returners.models.plans import (
    EnhancedSupervisionExtension,
    PlanStatus,
    ReturnPlan,
    SupporttSettings,
)
from returners.models.survey import (
    Answer3,
    LengthBand,
    NoSupportReason,
    ReasonGroup,
    SurveyAnswer,
    SurveyInvitation,
)

__all__ = [
    "MEETING_ORDER",
    "Absence",
    "AbsenceReason",
    "ActionOwner",
    "AgreedAction",
    "Answer3",
    "EnhancedSupervisionExtension",
    "KeepInTouchDay",
    "KitDayKind",
    "LengthBand",
    "Meeting",
    "MeetingAddendum",
    "MeetingKind",
    "MeetingStatus",
    "MeetingStatusChange",
    "NoSupportReason",
    "ParentalLeave",
    "PlanStatus",
    "ReasonGroup",
    "ReturnPlan",
    "SupporttSettings",
    "SurveyAnswer",
    "SurveyInvitation",
]
