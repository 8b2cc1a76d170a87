from django.utils.translation import gettext_lazy as _

from spontaan.core import apps_base


class ActorsConfig(apps_base.RegisteringAppConfig):
    name = "spontaan.actors"
    label = "actors"
    verbose_name = _("Actors")
