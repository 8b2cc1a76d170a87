"""Kinds of notification, registered by the apps that send them.

    from spontaan.notifications.kinds import NotificationKind, notification_kinds
    notification_kinds.register(
        NotificationKind(key="ask_answered", label=_("ask answered"), instant=True)
    )

`instant` kinds (answers and replies) are mailed at once to everyone who wants e-mail;
the rest wait for the digest unless the person chose instant mail for everything.
"""

from dataclasses import dataclass

from django.utils.functional import Promise

from spontaan.core.registry import Registry


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str | Promise
    instant: bool = False
    order: int = 100


notification_kinds: Registry[NotificationKind] = Registry("notification kinds")


def notification_kind_label(key: str) -> str:
    kind = notification_kinds.find(key)
    return str(kind.label) if kind else key
