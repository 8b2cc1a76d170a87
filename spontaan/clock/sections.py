"""What the answer clock adds to other pages (registered in `AppConfig.ready()`)."""

from django.http import HttpRequest

from spontaan.core.sections import HOME_PAGE, MUNICIPALITY_PAGE, PageSection, page_sections
from spontaan.places.models import Municipality

from .selectors import responsiveness_for, responsiveness_overview


def home_responsiveness(request: HttpRequest, _subject: None) -> dict:
    return {"responsiveness": responsiveness_overview()}


def municipality_responsiveness(request: HttpRequest, municipality: Municipality) -> dict:
    return {"municipality": municipality, "figures": responsiveness_for(municipality=municipality)}


def register() -> None:
    page_sections.register(
        PageSection(
            key="clock.responsiveness",
            page=HOME_PAGE,
            template="clock/_home_responsiveness.html",
            context=home_responsiveness,
            order=20,
        )
    )
    page_sections.register(
        PageSection(
            key="clock.municipality_responsiveness",
            page=MUNICIPALITY_PAGE,
            template="clock/_municipality_responsiveness.html",
            context=municipality_responsiveness,
            order=10,
            slot="aside",
        )
    )
