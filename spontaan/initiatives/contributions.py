"""What initiatives contribute to the site search, moderation and open data."""

from django.utils.translation import gettext_lazy as _

from spontaan.core.opendata import OpenDataSet, open_data_sets
from spontaan.core.search import SearchHit, SearchSource, search_sources
from spontaan.moderation.kinds import ModeratableKind, moderatable_kinds

from . import moderation
from .selectors import InitiativeFilters, initiative_list, news_search


def search_initiatives(user, query: str, limit: int) -> list[SearchHit]:
    found = initiative_list(user=user, filters=InitiativeFilters(q=query))[:limit]
    return [SearchHit(title=i.title, url=i.get_absolute_url(), summary=i.summary) for i in found]


def search_news(user, query: str, limit: int) -> list[SearchHit]:
    return [
        SearchHit(title=n.title, url=n.get_absolute_url(), summary=n.initiative.title)
        for n in news_search(user=user, query=query)[:limit]
    ]


def register() -> None:
    search_sources.register(
        SearchSource(key="initiatives", label=_("Initiatives"), search=search_initiatives, order=10)
    )
    search_sources.register(
        SearchSource(key="news", label=_("Team news"), search=search_news, order=11)
    )
    moderatable_kinds.register(
        ModeratableKind(
            key=moderation.INITIATIVE,
            label=_("initiative"),
            access=moderation.initiative_access,
            describe=moderation.initiative_describe,
            set_hidden=moderation.initiative_set_hidden,
            authored=moderation.initiative_authored,
            order=10,
        )
    )
    moderatable_kinds.register(
        ModeratableKind(
            key=moderation.NEWS,
            label=_("team news"),
            access=moderation.news_access,
            describe=moderation.news_describe,
            set_hidden=moderation.news_set_hidden,
            authored=moderation.news_authored,
            order=11,
        )
    )
    open_data_sets.register(
        OpenDataSet(
            key="initiatives",
            title=_("Initiatives"),
            description=_(
                "Every public initiative: title, summary, category, status, municipality, "
                "place and functions, without the names of the people behind it."
            ),
            url="/api/v1/initiatives",
            formats=("JSON",),
            order=10,
        )
    )
    open_data_sets.register(
        OpenDataSet(
            key="initiatives_geojson",
            title=_("Initiatives on the map"),
            description=_(
                "The public initiatives that have a place, as points, with the filters of the "
                "list. Above 5,000 matches: clusters with their counts."
            ),
            url="/api/v1/initiatives/geojson",
            formats=("GeoJSON",),
            order=11,
        )
    )
