from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import moderatable_kind_label

NOTE_MAX_LENGTH = 300
REPORT_NOTE_MAX_LENGTH = 1000
OBJECTION_MAX_LENGTH = 2000


class Reason(models.TextChoices):
    """Why something is reported, and why it is hidden (the public log shows only this)."""

    SPAM = "spam", _("spam or advertising")
    OFFENSIVE = "offensive", _("offensive")
    PERSONAL_DATA = "personal_data", _("personal data")
    OFF_TOPIC = "off_topic", _("off-topic")
    OTHER = "other", _("other")


class Case(models.Model):
    """One piece of content as moderation sees it: its reports, decisions and objection.

    `queued_at` is set while it waits for a moderator (open reports, or an objection), and
    orders the queue oldest first. The hidden flag itself lives on the owner's row.
    """

    kind = models.CharField(max_length=32)  # a key of moderation.kinds.moderatable_kinds
    object_id = models.CharField(max_length=40)
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_hidden = models.BooleanField(default=False)
    reason = models.CharField(max_length=16, choices=Reason.choices, blank=True)
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True, db_index=True)
    objection = models.TextField(max_length=OBJECTION_MAX_LENGTH, blank=True)
    objected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_moderation_case")
        ]
        indexes = [models.Index(fields=["municipality", "queued_at"])]
        verbose_name = _("moderation case")
        verbose_name_plural = _("moderation cases")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"

    @property
    def kind_label(self) -> str:
        return moderatable_kind_label(self.kind)

    @property
    def objection_pending(self) -> bool:
        return self.objected_at is not None and self.is_hidden and self.queued_at is not None


class ReportOutcome(models.TextChoices):
    OPEN = "", _("waiting")
    HIDDEN = "hidden", _("hidden")
    DISMISSED = "dismissed", _("dismissed")


class Report(models.Model):
    """One person's report of one piece of content (one per person per piece)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.TextField(_("note"), max_length=REPORT_NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16, choices=ReportOutcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "reporter"], name="one_report_per_person")
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.case}: {self.reason}"


class Verb(models.TextChoices):
    HIDE = "hide", _("hidden")
    RESTORE = "restore", _("restored")
    DISMISS = "dismiss", _("reports dismissed")


class ModerationDecision(models.Model):
    """What a moderator did with a case; hides and restores form the public log."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    verb = models.CharField(max_length=16, choices=Verb.choices)
    reason = models.CharField(max_length=16, choices=Reason.choices, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self) -> str:
        return f"{self.case}: {self.verb}"
