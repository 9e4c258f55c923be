from django.contrib import admin, messages

from portal.core.admin import ReadOnlyAdmin
from portal.notifications.models import Notification, ReminderSent
from portal.notifications.services import notifications_resend


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: the outbox is a record of what was sent. Admins find FAILED emails here (filter
    by status) and send them again with the action, which goes through the service."""

    list_display = [
        "created_at",
        "recipient",
        "channel",
        "subject",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["recipient__email", "subject"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    actions = ["resend_failed"]
    fields = [
        "public_id",
        "recipient",
        "channel",
        "status",
        "subject",
        "link_url",
        "attempts",
        "last_error",
        "send_after",
        "claimed_at",
        "sent_at",
        "read_at",
        "dedupe_key",
        "created_at",
        "body_text",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected failed emails again", permissions=["change"])
    def resend_failed(self, request, queryset):
        count = notifications_resend(notifications=queryset, actor=request.user)
        skipped = queryset.count() - count
        if count:
            self.message_user(request, f"{count} email(s) queued to send again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} selected message(s) were not failed emails and were left alone.",
                messages.WARNING,
            )


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    """The reminder ledger, for answering "was this person reminded?"."""

    list_display = ["created_at", "rule", "object_type", "object_id", "due_on", "recipient_count"]
    list_filter = ["rule"]
    search_fields = ["object_id"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "rule",
        "object_type",
        "object_id",
        "due_on",
        "recipient_count",
        "created_at",
    ]
