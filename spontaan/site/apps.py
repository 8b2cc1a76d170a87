from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top: composes the site from the apps below (home page, navigation, URLs, API).

    It comes last in INSTALLED_APPS, so when it is ready every app has registered its kinds,
    sections and loaders, and the registries are frozen.
    """

    name = "spontaan.site"
    label = "site"
    verbose_name = _("Site")

    def ready(self) -> None:
        from spontaan.core.registry import freeze_all

        freeze_all()
