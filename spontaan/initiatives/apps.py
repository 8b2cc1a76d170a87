from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "spontaan.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from spontaan.accounts.erasure import register_eraser
        from spontaan.accounts.export import register_exporter

        from . import contributions, demo, kinds, sections
        from .privacy import initiatives_erase, initiatives_export

        register_exporter("initiatives", initiatives_export)
        register_eraser("initiatives", initiatives_erase)
        kinds.register()
        demo.register()
        sections.register()
        contributions.register()
