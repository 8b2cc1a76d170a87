from django.http import HttpRequest

from spontaan.clock.kinds import ClockKind, clock_kinds
from spontaan.core.sections import INITIATIVE_PAGE, PageSection, page_sections
from spontaan.initiatives.events import EventKind, event_kinds
from spontaan.initiatives.models import Initiative
from spontaan.initiatives.selectors import initiative_events
from spontaan.notifications.kinds import NotificationKind, notification_kinds

VISIT = "extension_visit"
REQUEST = "extension_request"
NEWS = "extension_news"


def visit_panel(request: HttpRequest, initiative: Initiative) -> dict | None:
    """Shown only on initiatives that had a visit (read from the event the app wrote)."""
    visits = initiative_events(initiative_id=initiative.pk, kind=VISIT)
    if not visits:
        return None
    return {"visits": visits}


def register() -> None:
    page_sections.register(
        PageSection(
            key="extension.visits",
            page=INITIATIVE_PAGE,
            template="extension_app/_visits.html",
            context=visit_panel,
            order=90,
        )
    )
    event_kinds.register(
        EventKind(key=VISIT, label="site visit", template="extension_app/_event.html")
    )
    clock_kinds.register(
        ClockKind(key=REQUEST, label="visit request", service_days=lambda municipality, fast: 2)
    )
    notification_kinds.register(NotificationKind(key=NEWS, label="visit news", instant=True))
