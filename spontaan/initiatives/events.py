"""Kinds of event on an initiative's public timeline, registered by the apps that write them.

    from spontaan.initiatives.events import EventKind, event_kinds
    event_kinds.register(
        EventKind(key="decision", label=_("decision"), template="tender/_event_decision.html")
    )

`template` renders the event's headline (it gets `event` and `initiative`); the optional
`detail_template` renders more below the event's text.
"""

from dataclasses import dataclass

from django.utils.functional import Promise

from spontaan.core.registry import Registry


@dataclass(frozen=True)
class EventKind:
    key: str
    label: str | Promise
    template: str
    detail_template: str = ""
    order: int = 100


event_kinds: Registry[EventKind] = Registry("timeline event kinds")


def event_kind_label(key: str) -> str:
    kind = event_kinds.find(key)
    return str(kind.label) if kind else key
