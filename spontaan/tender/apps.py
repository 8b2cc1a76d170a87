from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenderConfig(AppConfig):
    name = "spontaan.tender"
    label = "tender"
    verbose_name = _("Rolling tender")

    def ready(self) -> None:
        from spontaan.accounts.erasure import register_eraser
        from spontaan.accounts.export import register_exporter

        from . import contributions, demo, kinds, sections
        from .privacy import tender_erase, tender_export
        from .profiles import sections as profile_sections

        register_exporter("tender", tender_export)
        register_eraser("tender", tender_erase)
        kinds.register()
        sections.register()
        demo.register()
        profile_sections.register()
        contributions.register()
