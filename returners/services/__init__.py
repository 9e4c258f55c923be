"""Every write to SuppoRTT records. Views call these; nothing else changes the rows."""

from returners.services.absences import (
    absence_create,
    absence_record_return,
    absence_update_dates,
)
from returners.services.kit_days import kit_day_log, kit_day_remove, kit_day_update
from returners.services.meetings import (
    meeting_acknowledge,
    meeting_action_add,
    meeting_action_remove,
    meeting_addendum_add,
    meeting_cancel,
    meeting_log,
    meeting_schedule,
    meeting_sign_off,
)
from returners.services.plans import (
    enhanced_supervision_extend,
    return_plan_create,
    return_plan_opt_in,
    return_plan_recompute,
)
from returners.services.settings import supportt_settings_update

__all__ = [
    "absence_create",
    "absence_record_return",
    "absence_update_dates",
    "enhanced_supervision_extend",
    "kit_day_log",
    "kit_day_remove",
    "kit_day_update",
    "meeting_acknowledge",
    "meeting_action_add",
    "meeting_action_remove",
    "meeting_addendum_add",
    "meeting_cancel",
    "meeting_log",
    "meeting_schedule",
    "meeting_sign_off",
    "return_plan_create",
    "return_plan_opt_in",
    "return_plan_recompute",
    "supportt_settings_update",
]
