from django.db import models
from django.utils.translation import gettext_lazy as _

from spontaan.core.fields import kept_user_link


class ActorKind(models.TextChoices):
    RESIDENT = "resident", _("resident")
    ENTREPRENEUR = "entrepreneur", _("entrepreneur")
    SOCIAL_ENTERPRISE = "social_enterprise", _("social enterprise")
    HOUSING_CORPORATION = "housing_corporation", _("housing corporation")
    PROPERTY_OWNER = "property_owner", _("property owner")
    KNOWLEDGE_PARTNER = "knowledge_partner", _("knowledge partner")
    MUNICIPAL = "municipal", _("municipality (department or staff)")
    PROVINCE = "province", _("province")


class Actor(models.Model):
    """A party in the city's network: a person or an organisation.

    A person may be linked to an account. Only organisations and people who have taken part
    are named in public; the network issue builds ties between actors.
    """

    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=32, choices=ActorKind.choices)
    is_organisation = models.BooleanField(_("organisation"), default=False)
    municipality = models.ForeignKey(
        "places.Municipality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actors",
    )
    user = kept_user_link("actor", field=models.OneToOneField)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self) -> str:
        return self.name

    @property
    def is_municipal(self) -> bool:
        return self.kind == ActorKind.MUNICIPAL
