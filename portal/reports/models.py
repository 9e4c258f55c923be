import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.core.models import BaseModel

# How long a prepared file can be downloaded before the cleanup job deletes it.
KEEP_FOR = timedelta(days=7)


def _export_path(instance, filename):
    # A generated name under a folder no URL serves: files go out only through the download
    # view, which checks who is asking.
    return f"report-exports/{instance.pk}/{filename}"


class ReportExport(BaseModel):
    """A large export prepared in the background for the one person who asked for it."""

    class Status(models.TextChoices):
        QUEUED = "QUEUED", "Waiting to start"
        RUNNING = "RUNNING", "Being prepared"
        READY = "READY", "Ready to download"
        FAILED = "FAILED", "Could not be prepared"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=30, help_text='"summary" or "rows:<section>".')
    file_format = models.CharField(max_length=4)
    shared = models.BooleanField(default=False)
    # The report form's query parameters. The worker validates them again against the
    # requester's scope at the time it runs, so a role removed meanwhile gets nothing.
    params = models.JSONField(default=dict)
    description = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=_export_path, blank=True, max_length=200)
    filename = models.CharField(max_length=120)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["QUEUED", "RUNNING", "READY", "FAILED"]),
                name="report_export_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(file_format__in=["csv", "xlsx"]), name="report_export_format_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["requested_by", "created_at"], name="report_export_owner"),
            models.Index(fields=["expires_at"], name="report_export_expiry"),
        ]

    def __str__(self):
        return f"{self.description} ({self.get_status_display()})"

    @property
    def percent_done(self) -> int:
        if self.status == self.Status.READY:
            return 100
        if not self.rows_total:
            return 0
        return min(99, 100 * self.rows_done // self.rows_total)

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
