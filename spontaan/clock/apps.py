from django.utils.translation import gettext_lazy as _

from spontaan.core import apps_base


class ClockConfig(apps_base.RegisteringAppConfig):
    name = "spontaan.clock"
    label = "clock"
    verbose_name = _("Answer clock")
