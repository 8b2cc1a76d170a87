"""One site search over every kind of content: each app registers a source.

    from spontaan.core.search import SearchSource, search_sources
    search_sources.register(SearchSource(
        key="initiatives", label=_("Initiatives"), search=search_initiatives,
    ))

`search(user, query, limit)` returns at most `limit` hits the user may see, through the
owning app's selectors (so hidden and private content stays out), best first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from .registry import Registry

MIN_QUERY = 2
MAX_QUERY = 100


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str | Promise
    search: Callable[[Any, str, int], list[SearchHit]]
    order: int = 100


search_sources: Registry[SearchSource] = Registry("search sources")


def search_all(
    user: Any, query: str, *, limit: int = 10
) -> list[tuple[SearchSource, list[SearchHit]]]:
    """Per source, its hits for the query (sources without hits left out)."""
    query = " ".join(query.split())[:MAX_QUERY]
    if len(query) < MIN_QUERY:
        return []
    results = []
    for source in search_sources:
        hits = source.search(user, query, limit)
        if hits:
            results.append((source, hits))
    return results
