"""Which content areas the cached public pages of the answer clock show (core.pagecache).

Every write of a clock touches `responsiveness`, `municipality:<slug>` and, for a clock of
an initiative, `initiative:<id>` (`services._touch`)."""

from spontaan.core.pagecache import PageAreas, page_areas
from spontaan.core.registry import register_all

RESPONSIVENESS = "responsiveness"

PAGES = [
    PageAreas("clock.index", r"^/reactiesnelheid/$", (RESPONSIVENESS,)),
    PageAreas(
        "clock.detail",
        r"^/reactiesnelheid/(?P<slug>[^/]+)/",
        ("municipality:{slug}", RESPONSIVENESS),
    ),
    PageAreas("clock.api_index", r"^/api/v1/responsiveness/?$", (RESPONSIVENESS,)),
    PageAreas(
        "clock.api_detail",
        r"^/api/v1/responsiveness/(?P<slug>[^/]+)",
        ("municipality:{slug}", RESPONSIVENESS),
    ),
    # the clock's section on the home page; its figures on the municipality list
    PageAreas("clock.home", r"^/$", (RESPONSIVENESS,)),
    PageAreas("clock.municipality_list", r"^/gemeenten/$", (RESPONSIVENESS,)),
    PageAreas("clock.api_municipality_list", r"^/api/v1/municipalities/?$", (RESPONSIVENESS,)),
]


def register() -> None:
    register_all((page_areas, PAGES))
