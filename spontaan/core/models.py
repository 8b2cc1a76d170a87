from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import kept_user_link


class AuditEntry(models.Model):
    """Who changed what, in decisions, roles and moderation. Append-only."""

    actor = kept_user_link()
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    municipality = models.ForeignKey(
        "places.Municipality", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"


class RateLimitEvent(models.Model):
    """One counted event (a failed login, a sign-up) for a bucket and a hashed key."""

    bucket = models.CharField(max_length=40)
    key = models.CharField(max_length=64)  # sha256 of the address or account, never plain
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["bucket", "key", "created_at"])]

    def __str__(self) -> str:
        return f"{self.bucket}:{self.key[:8]}"


class ContentVersion(models.Model):
    """A counter that every successful write request raises. It is part of the key of cached
    public pages, so a change shows at once, on every app server."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("content version")

    def __str__(self) -> str:
        return str(self.version)
