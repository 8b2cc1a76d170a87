"""The open data sets, registered by the apps that publish them.

    from spontaan.core.opendata import OpenDataSet, open_data_sets
    open_data_sets.register(OpenDataSet(
        key="initiatives", title=_("Initiatives"), description=_("…"),
        url="/api/v1/initiatives", formats=("JSON",),
    ))

A set is served by its app's public API, which applies the same visibility rules as the pages
and holds no personal data; the open-data page lists every registered set.
"""

from dataclasses import dataclass

from django.utils.functional import Promise

from .registry import Registry


@dataclass(frozen=True)
class OpenDataSet:
    key: str
    title: str | Promise
    description: str | Promise
    url: str
    formats: tuple[str, ...] = ("JSON",)
    order: int = 100


open_data_sets: Registry[OpenDataSet] = Registry("open data sets")
