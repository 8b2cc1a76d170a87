"""Which content areas the cached public pages of municipalities show (core.pagecache).

A municipality's pages show `municipality:<slug>`: every app that changes what they show
(its initiatives, its answer clocks, its city profile) touches it. The lists show
`municipalities`."""

from spontaan.core.pagecache import PageAreas, page_areas
from spontaan.core.registry import register_all

PAGES = [
    PageAreas("places.list", r"^/gemeenten/$", ("municipalities",)),
    PageAreas(
        "places.detail", r"^/gemeenten/(?P<slug>[^/]+)/", ("municipality:{slug}", "municipalities")
    ),
    PageAreas("places.api_list", r"^/api/v1/municipalities/?$", ("municipalities",)),
    PageAreas(
        "places.api_detail",
        r"^/api/v1/municipalities/(?P<slug>[^/]+)",
        ("municipality:{slug}", "municipalities"),
    ),
    PageAreas("places.home", r"^/$", ("municipalities",)),
]


def register() -> None:
    register_all((page_areas, PAGES))
