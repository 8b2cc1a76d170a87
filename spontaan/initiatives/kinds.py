"""The timeline events, notifications and answer clocks that initiatives own.

The keys are stored as plain text; `register()` (called from `AppConfig.ready()`) adds them to
the registries of the lower apps, so those apps never list them.
"""

from django.utils.translation import gettext_lazy as _

from spontaan.clock.kinds import ClockKind, clock_kinds
from spontaan.core.registry import register_all
from spontaan.notifications.kinds import NotificationKind, notification_kinds

from .events import EventKind, event_kinds


class EventKey:
    CREATED = "created"
    UPDATED = "updated"
    STATUS = "status"
    UPDATE_POSTED = "update"
    RESPONSE = "response"
    ASK = "ask"
    ASK_ANSWERED = "ask_answered"
    CONFLICT = "conflict"
    CONFLICT_ANSWERED = "conflict_answered"
    TEAM = "team"
    NEWS = "news"


class NoticeKey:
    STATUS = "status"
    UPDATE = "update"
    RESPONSE = "response"
    ASK = "ask"
    ASK_ANSWERED = "ask_answered"
    CONFLICT = "conflict"
    CONFLICT_ANSWERED = "conflict_answered"
    NEW_INITIATIVE = "new_initiative"
    TEAM_INVITATION = "team_invitation"
    NEWS = "news"


class ClockKey:
    INITIATIVE = "initiative"
    ASK = "ask"
    CONFLICT = "conflict"


_EVENT_TEMPLATE = "initiatives/_event_head.html"

EVENT_KINDS = [
    EventKind(EventKey.CREATED, _("started"), _EVENT_TEMPLATE, order=10),
    EventKind(
        EventKey.UPDATED,
        _("changed"),
        _EVENT_TEMPLATE,
        detail_template="initiatives/_event_changed.html",
        order=20,
    ),
    EventKind(EventKey.STATUS, _("status changed"), _EVENT_TEMPLATE, order=30),
    EventKind(EventKey.UPDATE_POSTED, _("news from the team"), _EVENT_TEMPLATE, order=40),
    EventKind(EventKey.RESPONSE, _("response from the municipality"), _EVENT_TEMPLATE, order=50),
    EventKind(EventKey.ASK, _("ask"), _EVENT_TEMPLATE, order=60),
    EventKind(EventKey.ASK_ANSWERED, _("ask answered"), _EVENT_TEMPLATE, order=70),
    EventKind(EventKey.CONFLICT, _("conflict with a rule"), _EVENT_TEMPLATE, order=80),
    EventKind(EventKey.CONFLICT_ANSWERED, _("conflict answered"), _EVENT_TEMPLATE, order=90),
    EventKind(EventKey.TEAM, _("team changed"), _EVENT_TEMPLATE, order=100),
    EventKind(EventKey.NEWS, _("team news"), _EVENT_TEMPLATE, order=110),
]

NOTIFICATION_KINDS = [
    NotificationKind(NoticeKey.STATUS, _("status changed"), order=10),
    NotificationKind(NoticeKey.UPDATE, _("news from the team"), order=20),
    NotificationKind(NoticeKey.RESPONSE, _("response from the municipality"), True, order=30),
    NotificationKind(NoticeKey.ASK, _("new ask"), order=40),
    NotificationKind(NoticeKey.ASK_ANSWERED, _("ask answered"), True, order=50),
    NotificationKind(NoticeKey.CONFLICT, _("conflict with a rule"), order=60),
    NotificationKind(NoticeKey.CONFLICT_ANSWERED, _("conflict answered"), True, order=70),
    NotificationKind(NoticeKey.NEW_INITIATIVE, _("new initiative"), order=80),
    NotificationKind(NoticeKey.TEAM_INVITATION, _("invitation to join a team"), True, order=90),
    NotificationKind(NoticeKey.NEWS, _("team news"), order=100),
]

CLOCK_KINDS = [
    ClockKind(ClockKey.INITIATIVE, _("new initiative"), order=10),
    ClockKind(ClockKey.ASK, _("ask"), order=20),
    ClockKind(ClockKey.CONFLICT, _("conflict with a rule"), order=30),
]


def register() -> None:
    register_all(
        (event_kinds, EVENT_KINDS),
        (notification_kinds, NOTIFICATION_KINDS),
        (clock_kinds, CLOCK_KINDS),
    )
