"""Admin: read-only. Each office's SuppoRTT timings are changed on its settings pages, and the
records themselves (changes go through the services, which check the rules
and write the audit), and the special-category fields are left out entirely."""

from django.contrib import admin

from portal.accounts import privacy
from portal.core.admin import ReadOnlyAdmin
from returners.models import Absence, Meeting, ReturnPlan, SupporttSettings
from returners.services.settings import TIMING_FIELDS


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    list_display = ["membership", "reason", "starts_on", "expected_return_on", "actual_return_on"]
    list_filter = ["reason", "membership__programme__local_office"]
    # Special-category fields are never shown here: see portal.accounts.privacy.
    exclude = privacy.admin_excluded("returners.absence")
    list_select_related = ["membership__trainee__user", "membership__programme"]


@admin.register(ReturnPlan)
class ReturnPlanAdmin(ReadOnlyAdmin):
    list_display = ["absence", "status", "es_days", "es_opted_out", "es_extension_days"]
    list_filter = ["status"]
    list_select_related = ["absence__membership__trainee__user", "absence__membership__programme"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["plan", "kind", "opens_on", "due_on", "status", "held_on"]
    list_filter = ["kind", "status"]
    exclude = privacy.admin_excluded("returners.meeting")
    list_select_related = ["plan__absence__membership__trainee__user"]


@admin.register(SupporttSettings)
class SupporttSettingsAdmin(ReadOnlyAdmin):
    # Changed on the office's settings pages, which check the bounds and keep the history.
    list_display = ["local_office", *TIMING_FIELDS]
    fields = ["local_office", *TIMING_FIELDS]
