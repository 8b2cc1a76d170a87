from django.http import HttpRequest

from spontaan.clock.kinds import ClockKind, clock_kinds
from spontaan.core.demo import DemoContext, DemoLoader, demo_loaders
from spontaan.core.figures import COUNT, Figure, figures
from spontaan.core.sections import INITIATIVE_PAGE, PageSection, page_sections
from spontaan.initiatives.demo import demo_initiative
from spontaan.initiatives.events import EventKind, event_kinds
from spontaan.initiatives.models import Initiative
from spontaan.initiatives.selectors import event_counts_by_municipality, initiative_events
from spontaan.initiatives.services import initiative_record_event
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


def visits_by_municipality() -> dict[int, int]:
    return event_counts_by_municipality(kind=VISIT)


def load_demo(context: DemoContext) -> None:
    """One planned visit on a demo initiative (once: the loader is idempotent)."""
    initiative = demo_initiative("Moestuin aan de Hengelose Es")
    if initiative and not initiative_events(initiative_id=initiative.pk, kind=VISIT):
        initiative_record_event(
            initiative=initiative, kind=VISIT, user=None, data={"day": "1 April"}
        )


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
    figures.register(
        Figure(
            key="extension.visits",
            label="site visits",
            definition="Planned site visits on the municipality's public initiatives.",
            unit=COUNT,
            by_municipality=visits_by_municipality,
            on_overview=True,
        )
    )
    demo_loaders.register(DemoLoader(key="extension", load=load_demo, order=90))
