"""What the answer clock adds to other pages (registered in `AppConfig.ready()`)."""

from django.http import HttpRequest

from spontaan.core.registry import register_all
from spontaan.core.sections import HOME_PAGE, MUNICIPALITY_PAGE, PageSection, page_sections
from spontaan.places.models import Municipality

from .selectors import responsiveness_for, responsiveness_overview


def home_responsiveness(request: HttpRequest, _subject: None) -> dict:
    return {"responsiveness": responsiveness_overview()}


def municipality_responsiveness(request: HttpRequest, municipality: Municipality) -> dict:
    return {"municipality": municipality, "figures": responsiveness_for(municipality=municipality)}


SECTIONS = [
    PageSection(
        "clock.responsiveness",
        HOME_PAGE,
        "clock/_home_responsiveness.html",
        home_responsiveness,
        order=20,
        shared=lambda _request, _subject: (),  # public figures, the same for everyone
    ),
    PageSection(
        "clock.municipality_responsiveness",
        MUNICIPALITY_PAGE,
        "clock/_municipality_responsiveness.html",
        municipality_responsiveness,
        order=10,
        slot="aside",
        shared=lambda _request, _subject: (),  # public figures, the same for everyone
    ),
]


def register() -> None:
    register_all((page_sections, SECTIONS))
