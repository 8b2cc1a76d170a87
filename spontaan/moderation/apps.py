from django.utils.translation import gettext_lazy as _

from spontaan.core import apps_base


class ModerationConfig(apps_base.RegisteringAppConfig):
    """Reports, the moderation queue, hiding with a reason, objections and the public log,
    for every kind of content registered in `moderation.kinds.moderatable_kinds`."""

    name = "spontaan.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        super().ready()
        # Its notification kinds (`notices`, as `kinds` is its own registry of content).
        from . import notices

        notices.register()
