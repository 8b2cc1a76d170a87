"""What initiatives contribute to the site search, moderation and open data."""

from django.utils.translation import gettext_lazy as _

from spontaan.core.moderation import HiddenItem, ModeratableKind, moderatable_kinds
from spontaan.core.opendata import OpenDataSet, open_data_sets
from spontaan.core.search import SearchHit, SearchSource, search_sources
from spontaan.core.validation import parse_id

from .selectors import InitiativeFilters, initiative_list, initiatives_by_id, initiatives_hidden


def search_initiatives(user, query: str, limit: int) -> list[SearchHit]:
    found = initiative_list(user=user, filters=InitiativeFilters(q=query))[:limit]
    return [SearchHit(title=i.title, url=i.get_absolute_url(), summary=i.summary) for i in found]


def hidden_initiatives(municipality_ids: list[int]) -> list[HiddenItem]:
    return [
        HiddenItem(
            title=i.title,
            url=i.get_absolute_url(),
            reason=i.hidden_reason,
            municipality_id=i.municipality_id,
        )
        for i in initiatives_hidden(municipality_ids=municipality_ids)
    ]


def describe_initiatives(ids: list[str]) -> dict[str, tuple[str, str]]:
    found = initiatives_by_id(ids=[n for n in map(parse_id, ids) if n is not None])
    return {str(i.pk): (i.title, i.get_absolute_url()) for i in found}


def register() -> None:
    search_sources.register(
        SearchSource(key="initiatives", label=_("Initiatives"), search=search_initiatives, order=10)
    )
    moderatable_kinds.register(
        ModeratableKind(
            key="initiative",
            label=_("initiative"),
            hidden=hidden_initiatives,
            describe=describe_initiatives,
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
            description=_("The public initiatives that have a place, as points."),
            url="/api/v1/initiatives/geojson",
            formats=("GeoJSON",),
            order=11,
        )
    )
