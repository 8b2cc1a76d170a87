from django.utils.translation import gettext_lazy as _

from spontaan.core import apps_base


class PlacesConfig(apps_base.RegisteringAppConfig):
    name = "spontaan.places"
    label = "places"
    verbose_name = _("Region and municipalities")
