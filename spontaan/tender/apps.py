from django.utils.translation import gettext_lazy as _

from spontaan.core import apps_base


class TenderConfig(apps_base.RegisteringAppConfig):
    name = "spontaan.tender"
    label = "tender"
    verbose_name = _("Rolling tender")
