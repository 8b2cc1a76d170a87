from django.utils.translation import gettext_lazy as _

from spontaan.core import apps_base


class InitiativesConfig(apps_base.RegisteringAppConfig):
    name = "spontaan.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")
