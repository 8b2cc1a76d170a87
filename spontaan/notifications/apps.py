from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "spontaan.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from spontaan.accounts.erasure import register_eraser
        from spontaan.accounts.export import register_exporter

        from .privacy import notifications_erase, notifications_export

        register_exporter("notifications", notifications_export)
        register_eraser("notifications", notifications_erase)
