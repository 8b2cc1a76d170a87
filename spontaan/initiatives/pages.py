"""Which content areas the cached public pages show that this app writes (core.pagecache).

Every write of an initiative touches `initiative:<id>`, and, unless only its own page
changed (a follow), the `initiatives` area and `municipality:<slug>` of its municipality
(`effects.touch_initiative`)."""

from spontaan.core.pagecache import PageAreas, page_areas
from spontaan.core.registry import register_all

INITIATIVES = "initiatives"

PAGES = [
    # the list (and its htmx results), the map, and their API
    PageAreas("initiatives.list", r"^/initiatieven/(kaart/)?$", (INITIATIVES,)),
    PageAreas("initiatives.api_list", r"^/api/v1/initiatives(/geojson)?/?$", (INITIATIVES,)),
    # an initiative's page and its API (timeline, news, asks, ...); it names its municipality
    PageAreas(
        "initiatives.detail", r"^/initiatieven/(?P<pk>\d+)/", ("initiative:{pk}", "municipalities")
    ),
    PageAreas(
        "initiatives.api_detail",
        r"^/api/v1/initiatives/(?P<pk>\d+)(/|$)",
        ("initiative:{pk}", "municipalities"),
    ),
    # the latest initiatives on the home page; the figures on the municipality list
    PageAreas("initiatives.home", r"^/$", (INITIATIVES,)),
    PageAreas("initiatives.municipality_list", r"^/gemeenten/$", (INITIATIVES,)),
    PageAreas("initiatives.api_municipality_list", r"^/api/v1/municipalities/?$", (INITIATIVES,)),
]


def register() -> None:
    register_all((page_areas, PAGES))
