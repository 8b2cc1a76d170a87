from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "spontaan.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from spontaan.core.api_auth import register_token_authenticator

        from . import demo
        from .tokens import token_authenticate

        demo.register()
        register_token_authenticator(token_authenticate)
