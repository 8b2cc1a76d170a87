from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    STATUS = "status", _("status changed")
    UPDATE = "update", _("news from the team")
    RESPONSE = "response", _("response from the municipality")
    ASK = "ask", _("new ask")
    ASK_ANSWERED = "ask_answered", _("ask answered")
    CONFLICT = "conflict", _("conflict with a rule")
    CONFLICT_ANSWERED = "conflict_answered", _("conflict answered")
    NEW_INITIATIVE = "new_initiative", _("new initiative")
    APPLICATION = "application", _("grant application submitted")
    DECISION = "decision", _("decision on a grant application")


# Kinds that are mailed at once, whatever the person's digest setting (answers and replies).
INSTANT_KINDS = {
    NotificationKind.RESPONSE,
    NotificationKind.ASK_ANSWERED,
    NotificationKind.CONFLICT_ANSWERED,
    NotificationKind.DECISION,
}


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)  # the subject's title, e.g. the initiative
    url = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["emailed_at", "user"]),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"
