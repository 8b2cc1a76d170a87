"""What the answer clock adds to other pages (registered in `AppConfig.ready()`)."""

from django.http import HttpRequest

from spontaan.accounts.selectors import MUNICIPAL_ROLES, user_municipalities_with_role
from spontaan.core.registry import register_all
from spontaan.core.sections import (
    HOME_PAGE,
    MUNICIPALITY_PAGE,
    PERSONAL_PAGE,
    PageSection,
    page_sections,
)
from spontaan.places.models import Municipality

from .selectors import clock_queue_first, responsiveness_for, responsiveness_overview

QUEUE_FIRST = 5


def home_responsiveness(request: HttpRequest, _subject: None) -> dict:
    return {"responsiveness": responsiveness_overview()}


def municipality_responsiveness(request: HttpRequest, municipality: Municipality) -> dict:
    return {"municipality": municipality, "figures": responsiveness_for(municipality=municipality)}


def personal_work_queue(request: HttpRequest, user) -> dict | None:
    """For connectors and programme managers: what waits on their municipality, soonest due
    first (the work queue's head)."""
    municipality_ids = user_municipalities_with_role(user=user, roles=MUNICIPAL_ROLES)
    if not municipality_ids:
        return None
    items, total = clock_queue_first(municipality_ids=municipality_ids, limit=QUEUE_FIRST)
    return {"items": items, "more": total - len(items), "total": total}


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
    PageSection(
        "clock.work_queue",
        PERSONAL_PAGE,
        "clock/_personal_work_queue.html",
        personal_work_queue,
        order=5,
    ),
]


def register() -> None:
    register_all((page_sections, SECTIONS))
