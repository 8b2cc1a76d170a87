from django.db import models
from django.utils.translation import gettext_lazy as _

from spontaan.core.fields import kept_user_link

from .kinds import clock_kind_label


class Clock(models.Model):
    """An item addressed to the municipality, waiting for its first answer.

    Every figure of the responsiveness page is computed from these rows, and only from them.
    """

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="clocks"
    )
    kind = models.CharField(max_length=32)  # a key of clock.kinds.clock_kinds
    subject_id = models.PositiveBigIntegerField()
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="clocks",
    )
    title = models.CharField(max_length=200)
    is_fast_lane = models.BooleanField(default=False)
    opened_at = models.DateTimeField(db_index=True)
    due_on = models.DateField()
    first_answered_at = models.DateTimeField(null=True, blank=True)
    first_answered_by = kept_user_link()
    answer_working_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_id"], name="unique_clock_subject")
        ]
        indexes = [
            models.Index(fields=["municipality", "first_answered_at", "opened_at"]),
        ]
        verbose_name = _("answer clock")
        verbose_name_plural = _("answer clocks")

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id}"

    @property
    def kind_label(self) -> str:
        return clock_kind_label(self.kind)

    @property
    def is_open(self) -> bool:
        return self.first_answered_at is None
