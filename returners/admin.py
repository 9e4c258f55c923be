"""Admin: each office's SuppoRTT timings are editable here as well as on the deanery's page.
The records themselves are read-only (changes go through the services, which check the rules
and write the audit), and the special-category fields are left out entirely."""

from django.contrib import admin

from portal.accounts import privacy
from portal.core.admin import ReadOnlyAdmin
from returners.models import Absence, Meeting, ReturnPlan, SupporttSettings
from returners.services.settings import TIMING_FIELDS, supportt_settings_update


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
class SupporttSettingsAdmin(admin.ModelAdmin):
    list_display = ["local_office", *TIMING_FIELDS]
    fields = ["local_office", *TIMING_FIELDS]

    def save_model(self, request, obj, form, change):
        # Through the service, so open plans' windows move and the change is audited.
        supportt_settings_update(
            office=obj.local_office,
            actor=request.user,
            **{name: form.cleaned_data[name] for name in TIMING_FIELDS},
        )

    def get_readonly_fields(self, request, obj=None):
        return ["local_office"] if obj is not None else []
