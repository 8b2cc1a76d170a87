"""What places contributes to the site search and open data."""

from django.utils.translation import gettext_lazy as _

from spontaan.core.opendata import OpenDataSet, open_data_sets
from spontaan.core.search import SearchHit, SearchSource, search_sources

from .selectors import municipality_list


def search_municipalities(user, query: str, limit: int) -> list[SearchHit]:
    found = municipality_list().filter(name__icontains=query)[:limit]
    return [SearchHit(title=m.name, url=m.get_absolute_url(), summary=m.region.name) for m in found]


def register() -> None:
    search_sources.register(
        SearchSource(
            key="municipalities",
            label=_("Municipalities"),
            search=search_municipalities,
            order=30,
        )
    )
    open_data_sets.register(
        OpenDataSet(
            key="municipalities",
            title=_("Municipalities"),
            description=_("The municipalities of the region with their service levels."),
            url="/api/v1/municipalities",
            order=30,
        )
    )
