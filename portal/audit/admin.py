from django.contrib import admin

from portal.audit.models import AuditEvent
from portal.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit log, for admins to search: read-only (no add, change or delete, no bulk
    actions), so the admin cannot be used to rewrite history."""

    list_display = [
        "occurred_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "source_ip",
    ]
    list_filter = ["action", "object_type", "occurred_at"]
    # Paste an email, a record's id, an action ("access.refused") or an address.
    search_fields = ["actor_label", "object_id", "action", "source_ip"]
    search_help_text = (
        "Search by email (or system job), record id, action such as access.refused or "
        "auth.login_failed, or source address."
    )
    date_hierarchy = "occurred_at"
    fields = [
        "occurred_at",
        "actor",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "source_ip",
        "detail",
    ]
    readonly_fields = fields
    raw_id_fields = ["actor"]
    list_per_page = 100
    # Counting every row of a large log on each page load is slow; "Show all" still counts.
    show_full_result_count = False
    actions = None
