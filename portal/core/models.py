from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def optional_person(*, on_delete=models.PROTECT, related_name="+"):
    """An optional link to the person who owns, recorded or acted on a row. Nobody reads it
    backwards from the user, so by default it has no reverse accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
    )
