from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "spontaan.places"
    label = "places"
    verbose_name = _("Region and municipalities")

    def ready(self) -> None:
        from . import contributions, demo

        demo.register()
        contributions.register()
