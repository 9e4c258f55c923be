import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.core.models import BaseModel


class Notification(BaseModel):
    """The outbox: every email and in-app message, written in the same transaction as the change
    that caused it, so nothing is lost when the broker or the mail server is down.

    An email row moves PENDING → SENT, or PENDING → FAILED after its last attempt. While a sender
    works on a row it holds a lease: `claim_token` names the claim and `send_after` is pushed to
    the end of the lease, so if the sender dies the row becomes due again when the lease ends.
    In-app rows are SENT as soon as they are written; `read_at` records that they were seen.
    """

    class Channel(models.TextChoices):
        EMAIL = "EMAIL", "Email"
        IN_APP = "IN_APP", "In the portal"

    class Status(models.TextChoices):
        PENDING = "PENDING", "Waiting to send"
        SENT = "SENT", "Sent"
        FAILED = "FAILED", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    link_url = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    send_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set by callers that must not send twice (reminders use their ledger key); the unique index
    # decides, so two processes racing cannot both write the row.
    dedupe_key = models.CharField(max_length=255, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=["EMAIL", "IN_APP"]), name="notification_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["PENDING", "SENT", "FAILED"]),
                name="notification_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["send_after"],
                condition=Q(status="PENDING", channel="EMAIL"),
                name="notification_due_email",
            ),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(channel="IN_APP"),
                name="notification_inbox",
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(channel="IN_APP", read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} to {self.recipient}: {self.subject}"


class ReminderSent(models.Model):
    """The reminder ledger: one row per rule, object and due date, ever.

    The unique constraint, not a check in Python, is what makes a reminder go out at most once:
    a second sweep (or a second process running the same sweep at the same moment) fails to
    insert the row and so writes no notification. Objects are referred to by label and primary
    key so any app's model can be reminded about without a foreign key to it.
    """

    rule = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, help_text="app_label.model of the object")
    object_id = models.CharField(max_length=64)
    due_on = models.DateField()
    recipient_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "reminder sent"
        verbose_name_plural = "reminders sent"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "object_type", "object_id", "due_on"],
                name="reminder_once_per_rule_object_due_date",
            )
        ]

    def __str__(self):
        return f"{self.rule} for {self.object_type} {self.object_id}, due {self.due_on}"

    @property
    def key(self) -> str:
        return reminder_key(self.rule, self.object_type, self.object_id, self.due_on)


def reminder_key(rule: str, object_type: str, object_id, due_on) -> str:
    return f"reminder:{rule}:{object_type}:{object_id}:{due_on.isoformat()}"


class OfficeThreshold(models.Model):
    """A local office's own value for one reminder threshold, set by its deanery in the portal.
    Read only through `portal.notifications.thresholds.threshold()`."""

    local_office = models.ForeignKey(
        "trainees.LocalOffice", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=64)
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["local_office", "name"], name="office_threshold_once")
        ]

    def __str__(self):
        return f"{self.name} = {self.value}"
