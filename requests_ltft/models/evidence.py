"""Files a trainee uploads in support of an application."""

import uuid

from django.conf import settings
from django.db import models


def evidence_path(instance, filename):
    # Stored under a generated name: the uploaded name is kept only as data, never as a path.
    return f"evidence/{uuid.uuid4().hex}{instance.extension}"


def _application_link(model: str):
    # A file belongs to one application of either kind; it goes when the application goes.
    return models.ForeignKey(
        model, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )


class Evidence(models.Model):
    """A file a trainee uploaded in support of an application. Special-category data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ltft_application = _application_link("requests_ltft.LtftApplication")
    oopp_application = _application_link("requests_ltft.OoppApplication")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=200)
    extension = models.CharField(max_length=6)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.original_name
