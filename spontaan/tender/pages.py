"""Which content areas the cached public pages of the tender show (core.pagecache).

Every write of the tender touches `schemes`, `scheme:<slug>` and the pages of the
initiatives concerned (`changes.py`); the schemes' pages (the list, a scheme, an
application, the API) show `schemes`, so a decision shows at once on all of them."""

from spontaan.core.pagecache import PageAreas, page_areas
from spontaan.core.registry import register_all

PAGES = [
    PageAreas("tender.pages", r"^/regelingen/", ("schemes",)),
    PageAreas("tender.api", r"^/api/v1/schemes", ("schemes",)),
    PageAreas("tender.home", r"^/$", ("schemes",)),
]


def register() -> None:
    register_all((page_areas, PAGES))
