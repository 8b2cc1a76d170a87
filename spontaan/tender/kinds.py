"""The timeline events, notifications and answer clocks that the tender owns.

`register()` (called from `AppConfig.ready()`) adds them to the lower apps' registries.
"""

from django.utils.translation import gettext_lazy as _

from spontaan.clock.kinds import ClockKind, clock_kinds
from spontaan.core.registry import register_all
from spontaan.initiatives.events import EventKind, event_kinds
from spontaan.notifications.kinds import NotificationKind, notification_kinds


class EventKey:
    APPLICATION = "application"
    DECISION = "decision"
    REPORT = "report"


class NoticeKey:
    APPLICATION = "application"
    DECISION = "decision"


class ClockKey:
    APPLICATION = "application"


_HEAD = "tender/_event_head.html"

EVENT_KINDS = [
    EventKind(EventKey.APPLICATION, _("grant application"), _HEAD, order=200),
    EventKind(
        EventKey.DECISION,
        _("decision on a grant application"),
        _HEAD,
        detail_template="tender/_event_detail.html",
        order=210,
    ),
    EventKind(EventKey.REPORT, _("spending report"), _HEAD, order=220),
]

NOTIFICATION_KINDS = [
    NotificationKind(NoticeKey.APPLICATION, _("grant application submitted"), order=200),
    NotificationKind(NoticeKey.DECISION, _("decision on a grant application"), True, order=210),
]

CLOCK_KINDS = [ClockKind(ClockKey.APPLICATION, _("grant application"), order=200)]


def register() -> None:
    register_all(
        (event_kinds, EVENT_KINDS),
        (notification_kinds, NOTIFICATION_KINDS),
        (clock_kinds, CLOCK_KINDS),
    )
