"""What the tender contributes to the site search and open data."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spontaan.core.opendata import OpenDataSet, open_data_sets
from spontaan.core.search import SearchHit, SearchSource, search_sources

from .schemes.selectors import scheme_list


def search_schemes(user, query: str, limit: int) -> list[SearchHit]:
    found = scheme_list(user=user).filter(Q(name__icontains=query) | Q(purpose__icontains=query))
    return [SearchHit(title=s.name, url=s.get_absolute_url()) for s in found[:limit]]


def register() -> None:
    search_sources.register(
        SearchSource(key="schemes", label=_("Schemes"), search=search_schemes, order=20)
    )
    open_data_sets.register(
        OpenDataSet(
            key="schemes",
            title=_("Stimulation schemes"),
            description=_(
                "The schemes with their budget, funders and criteria; per scheme the decisions "
                "with their public reasoning and the budget ledger."
            ),
            url="/api/v1/schemes",
            order=40,
        )
    )
