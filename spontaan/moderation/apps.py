from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Reports, the moderation queue, hiding with a reason, objections and the public log,
    for every kind of content registered in `moderation.kinds.moderatable_kinds`."""

    name = "spontaan.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from spontaan.accounts.export import register_exporter

        from . import notices
        from .privacy import moderation_export

        notices.register()
        register_exporter("moderation", moderation_export)
