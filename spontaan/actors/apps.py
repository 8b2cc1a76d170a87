from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "spontaan.actors"
    label = "actors"
    verbose_name = _("Actors")

    def ready(self) -> None:
        from spontaan.accounts.erasure import register_eraser
        from spontaan.accounts.renames import register_renamer

        from . import demo
        from .services import actors_erase, actors_rename

        demo.register()
        register_eraser("actors", actors_erase)
        register_renamer("actors", actors_rename)
