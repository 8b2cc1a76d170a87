from django.utils.translation import gettext_lazy as _

from spontaan.core import apps_base


class InitiativesConfig(apps_base.RegisteringAppConfig):
    name = "spontaan.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_migrate

        from .search_index import ensure_search_index

        # A later migration may rebuild the table (SQLite drops its triggers): put back what
        # the search index needs after every migrate.
        post_migrate.connect(
            lambda sender, using="default", **kwargs: ensure_search_index(using),
            sender=self,
            weak=False,
            dispatch_uid="initiatives.search_index",
        )
