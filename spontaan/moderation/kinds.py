"""Content that people can report and moderators can hide, registered by the apps that own it.

    from spontaan.moderation.kinds import Content, ModeratableKind, moderatable_kinds
    moderatable_kinds.register(ModeratableKind(
        key="initiative", label=_("initiative"), access=..., describe=...,
        set_hidden=..., authored=...,
    ))

The owning app keeps the hidden flag on its own rows and filters hidden rows out of its pages,
API, search and open data (its selectors); the moderation app keeps the reports, the queue,
the decisions and the objections, and calls back through the entry:

- `access(user, object_id)`: the content as this user may see it, or None (unknown or hidden
  to them). Reports go only on content the reporter can see.
- `describe(object_ids)`: the content by id whatever its state, for moderators (the queue and
  the item page).
- `set_hidden(object_id, hidden, reason)`: hide (with the reason the author reads in place) or
  show again. Called inside the moderation service's transaction, after its permission checks.
- `authored(user_id, since, before)`: how many pieces of this kind, not hidden, the account
  wrote in that time (either bound may be None): the new-account limits count these.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise

from spontaan.core.registry import Registry


@dataclass(frozen=True)
class Content:
    kind: str
    object_id: str
    title: str
    url: str
    municipality_id: int
    author_id: int | None
    excerpt: str = ""
    is_hidden: bool = False


@dataclass(frozen=True)
class ModeratableKind:
    key: str
    label: str | Promise
    access: Callable[[Any, str], Content | None]
    describe: Callable[[list[str]], dict[str, Content]]
    set_hidden: Callable[[str, bool, str], None]
    authored: Callable[[int, datetime | None, datetime | None], int]
    order: int = 100


moderatable_kinds: Registry[ModeratableKind] = Registry("moderatable content")


def moderatable_kind_label(key: str) -> str:
    kind = moderatable_kinds.find(key)
    return str(kind.label) if kind else key
