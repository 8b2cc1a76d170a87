from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClockConfig(AppConfig):
    name = "spontaan.clock"
    label = "clock"
    verbose_name = _("Answer clock")

    def ready(self) -> None:
        from . import contributions, figures, sections

        figures.register()
        sections.register()
        contributions.register()
