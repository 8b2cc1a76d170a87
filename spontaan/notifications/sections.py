"""What notifications add to other pages (registered in `AppConfig.ready()`)."""

from django.http import HttpRequest

from spontaan.core.registry import register_all
from spontaan.core.sections import PERSONAL_PAGE, PageSection, page_sections

from .selectors import notification_list

LATEST = 5


def personal_notifications(request: HttpRequest, user) -> dict:
    """The person's latest notifications, read or not."""
    return {"notifications": list(notification_list(user=user)[:LATEST])}


SECTIONS = [
    PageSection(
        "notifications.latest",
        PERSONAL_PAGE,
        "notifications/_personal_latest.html",
        personal_notifications,
        order=10,
        slot="aside",
    ),
]


def register() -> None:
    register_all((page_sections, SECTIONS))
