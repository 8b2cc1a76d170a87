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


class ContentArea(models.Model):
    """The version of one area of public content (`initiative:12`, `municipality:utrecht`,
    `initiatives`, ...). A write raises the versions of the areas it changes; a cached public
    page holds the versions of the areas it shows in its key (see `core.pagecache`), so a
    change shows at once, on every app server, and leaves every other cached page alone."""

    name = models.CharField(max_length=120, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("content area")

    def __str__(self) -> str:
        return f"{self.name}={self.version}"
