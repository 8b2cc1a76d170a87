"""Model fields that several apps define alike."""

from django.conf import settings
from django.db import models


def kept_user_link(
    related_name: str = "+", *, field: type[models.ForeignKey] = models.ForeignKey
) -> models.ForeignKey:
    """A link to the account that did something, emptied (not deleted) when the account goes."""
    return field(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class SearchKeyField(models.TextField):
    """Other fields' text as searches compare it (`core.search.search_key`), filled in
    whenever the row is written through the ORM: `save()` and `bulk_create()` both call
    `pre_save`. (`QuerySet.update()` and `bulk_update()` do not: include this field there.)"""

    def __init__(self, *args, sources: tuple[str, ...] = (), **kwargs):
        self.sources = tuple(sources)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        from .search import search_key

        value = search_key("\n".join(str(getattr(model_instance, s) or "") for s in self.sources))
        setattr(model_instance, self.attname, value)
        return value
