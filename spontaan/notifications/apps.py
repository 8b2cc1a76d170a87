from django.utils.translation import gettext_lazy as _

from spontaan.core import apps_base


class NotificationsConfig(apps_base.RegisteringAppConfig):
    name = "spontaan.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
