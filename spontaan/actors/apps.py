from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "spontaan.actors"
    label = "actors"
    verbose_name = _("Actors")

    def ready(self) -> None:
        from . import demo

        demo.register()
