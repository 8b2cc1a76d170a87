"""What initiatives add to other pages and to the figures (registered in `AppConfig.ready()`)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from spontaan.core.figures import COUNT, Figure, figures
from spontaan.core.sections import (
    HOME_PAGE,
    MUNICIPALITY_PAGE,
    PERSONAL_PAGE,
    PageSection,
    page_sections,
)
from spontaan.places.models import Municipality

from .selectors import (
    InitiativeFilters,
    initiative_counts_by_municipality,
    initiative_list,
    initiatives_on_team,
)

LATEST = 6
MINE = 10


def home_latest(request: HttpRequest, _subject: None) -> dict:
    return {"latest": initiative_list(user=request.user, filters=InitiativeFilters())[:LATEST]}


def municipality_latest(request: HttpRequest, municipality: Municipality) -> dict:
    filters = InitiativeFilters(municipality=municipality.slug)
    return {
        "municipality": municipality,
        "latest": initiative_list(user=request.user, filters=filters)[:LATEST],
    }


def personal_initiatives(request: HttpRequest, user) -> dict:
    return {"mine": list(initiatives_on_team(user=user)[:MINE])}


def register() -> None:
    page_sections.register(
        PageSection(
            key="initiatives.latest",
            page=HOME_PAGE,
            template="initiatives/_home_latest.html",
            context=home_latest,
            order=10,
        )
    )
    page_sections.register(
        PageSection(
            key="initiatives.municipality_latest",
            page=MUNICIPALITY_PAGE,
            template="initiatives/_municipality_latest.html",
            context=municipality_latest,
            order=10,
        )
    )
    page_sections.register(
        PageSection(
            key="initiatives.mine",
            page=PERSONAL_PAGE,
            template="initiatives/_personal_initiatives.html",
            context=personal_initiatives,
            order=10,
        )
    )
    figures.register(
        Figure(
            key="initiatives.count",
            label=_("initiatives"),
            definition=_("Initiatives in the municipality that the public can see."),
            unit=COUNT,
            by_municipality=initiative_counts_by_municipality,
            order=10,
            on_overview=True,
        )
    )
