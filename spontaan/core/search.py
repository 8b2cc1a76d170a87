"""One site search over every kind of content: each app registers a source.

    from spontaan.core.search import SearchSource, search_sources
    search_sources.register(SearchSource(
        key="initiatives", label=_("Initiatives"), search=search_initiatives,
    ))

`search(user, query, limit)` returns at most `limit` hits the user may see, through the
owning app's selectors (so hidden and private content stays out), best first.
"""

import unicodedata
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


def search_key(text: str) -> str:
    """Text as searches compare it, the same on every database: accents removed (é → e),
    case folded (Straße → strasse), white space collapsed. Stored beside searchable text and
    applied to the search words, so "cafe" finds "Café" and "moestuin" finds "Buurtmoestuin"
    with a plain substring match that an index (trigrams) can serve."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def search_words(query: str, *, limit: int = 8) -> list[str]:
    """The words of a query in their search form (at most `limit`)."""
    return [word for word in search_key(query).split()[:limit] if word]
