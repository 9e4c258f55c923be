from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.core.models import BaseModel


class Notification(BaseModel):
    """The outbox: every email and in-app message, written in the same transaction as the change
    that caused it, so nothing is lost when the broker or the mail server is down."""

    class Channel(models.TextChoices):
        EMAIL = "EMAIL", "Email"
        IN_APP = "IN_APP", "In the portal"

    class Status(models.TextChoices):
        PENDING = "PENDING", "Waiting to send"
        SENT = "SENT", "Sent"
        FAILED = "FAILED", "Failed"

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
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Reminders set this to "<rule>:<object>:<due date>:<channel>" so a rule fires at most once.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

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
                fields=["send_after"], condition=Q(status="PENDING", channel="EMAIL"),
                name="notification_due_email",
            ),
            models.Index(
                fields=["recipient", "created_at"], condition=Q(channel="IN_APP"),
                name="notification_inbox",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} to {self.recipient}: {self.subject}"
