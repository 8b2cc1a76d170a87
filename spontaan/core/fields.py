"""Model fields that several apps define alike."""

from django.conf import settings
from django.db import models


def kept_user_link(
    related_name: str = "+", *, field: type[models.ForeignKey] = models.ForeignKey
) -> models.ForeignKey:
    """A link to the account that did something, emptied (not deleted) when the account goes."""
    return field(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )
