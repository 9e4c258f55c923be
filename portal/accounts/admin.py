from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from portal.accounts.admin_site import SafeAutocomplete
from portal.accounts.models import Role, TpdDeputy, User


class RoleInline(SafeAutocomplete, admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["local_office"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "first_name", "last_name", "password1", "password2"],
            },
        ),
    ]


@admin.register(TpdDeputy)
class TpdDeputyAdmin(SafeAutocomplete, admin.ModelAdmin):
    list_display = ["tpd", "deputy", "starts_on", "ends_on"]
    autocomplete_fields = ["tpd", "deputy"]
