from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from spontaan.core.fields import kept_user_link


class Region(models.Model):
    """The cooperating municipalities that share one installation (e.g. Netwerkstad Twente)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(unique=True)
    cbs_code = models.CharField(_("CBS municipality code"), max_length=6, blank=True)
    latitude = models.FloatField(_("latitude of the centre"))
    longitude = models.FloatField(_("longitude of the centre"))
    first_answer_days = models.PositiveSmallIntegerField(
        _("service level: first answer within (working days)"), default=10
    )
    fast_lane_days = models.PositiveSmallIntegerField(
        _("service level for small asks (working days)"), default=3
    )
    fast_lane_max_euros = models.PositiveIntegerField(
        _("small ask: at most this amount (euros)"), default=2500
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:municipality", args=[self.slug])


THEMES_MAX = 20  # themes in a city profile
THEME_MAX_LENGTH = 60


class CityProfile(models.Model):
    """What a city wants to be; edited by its programme manager with input from parties."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="profile"
    )
    text = models.TextField(_("profile"), max_length=10_000, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    goals = models.TextField(_("goals"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = kept_user_link()

    class Meta:
        verbose_name = _("city profile")
        verbose_name_plural = _("city profiles")

    def __str__(self) -> str:
        return f"{self.municipality}"
