from django.utils.translation import gettext_lazy as _

from spontaan.core import apps_base


class AccountsConfig(apps_base.RegisteringAppConfig):
    name = "spontaan.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
