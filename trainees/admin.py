from django.contrib import admin

from portal.accounts.admin_site import SafeAutocomplete
from trainees.models import (
    ArcpOutcome,
    ArcpOutcomeCode,
    Grade,
    LocalOffice,
    Programme,
    ProgrammeMembership,
    Specialty,
    Trainee,
)


@admin.register(LocalOffice)
class LocalOfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "ntn_prefix", "region", "ltft_notice_weeks"]
    search_fields = ["name", "code"]
    # Changed on the office's settings pages, which check the bounds and keep the history.
    readonly_fields = ["ltft_notice_weeks", "oopp_notice_months"]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "school"]
    search_fields = ["name"]


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "year", "sort_order"]


@admin.register(ArcpOutcomeCode)
class ArcpOutcomeCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "description", "oopp_eligible"]


@admin.register(Programme)
class ProgrammeAdmin(SafeAutocomplete, admin.ModelAdmin):
    list_display = ["name", "specialty", "local_office"]
    list_filter = ["local_office"]
    search_fields = ["name"]
    autocomplete_fields = ["specialty", "local_office", "tpds"]


class MembershipInline(SafeAutocomplete, admin.StackedInline):
    model = ProgrammeMembership
    extra = 0
    autocomplete_fields = ["programme", "educational_supervisor"]


class ArcpOutcomeInline(admin.TabularInline):
    model = ArcpOutcome
    extra = 0


@admin.register(Trainee)
class TraineeAdmin(SafeAutocomplete, admin.ModelAdmin):
    list_display = ["__str__", "gmc_number"]
    search_fields = ["gmc_number", "user__last_name", "user__email"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    inlines = [MembershipInline, ArcpOutcomeInline]
