"""Content that moderators can hide, registered by the apps that own it.

    from spontaan.core.moderation import ModeratableKind, moderatable_kinds
    moderatable_kinds.register(ModeratableKind(
        key="initiative", label=_("initiative"), hidden=hidden_initiatives,
    ))

Hiding and restoring stay the owning app's services (they check the moderator role and write
the audit trail with actions `<key>.hide` and `<key>.restore`). `hidden(municipality_ids)`
lists what is hidden now in those municipalities, for the moderation page; `describe(ids)` gives
the title and address of objects the moderation log names.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise

from .registry import Registry


@dataclass(frozen=True)
class HiddenItem:
    title: str
    url: str
    reason: str
    municipality_id: int
    hidden_since: datetime | None = None


@dataclass(frozen=True)
class ModeratableKind:
    key: str
    label: str | Promise
    hidden: Callable[[list[int]], list[HiddenItem]]
    # The title and address of each of these objects (by id), for the moderation log.
    describe: Callable[[list[str]], dict[str, tuple[str, str]]]
    order: int = 100


moderatable_kinds: Registry[ModeratableKind] = Registry("moderatable content")


def hidden_content(municipality_ids: list[int]) -> list[tuple[ModeratableKind, list[HiddenItem]]]:
    """Per registered kind, what is hidden now in these municipalities."""
    return [(kind, kind.hidden(municipality_ids)) for kind in moderatable_kinds]


def moderation_actions() -> list[str]:
    """The audit actions of moderation, for the moderation log."""
    return [f"{kind.key}.{verb}" for kind in moderatable_kinds for verb in ("hide", "restore")]


@dataclass(frozen=True)
class LogRow:
    entry: Any  # the AuditEntry
    hidden: bool  # hidden, or restored
    kind_label: str
    title: str
    url: str


def moderation_log(entries: list[Any]) -> list[LogRow]:
    """Audit entries of moderation with what they were about: one lookup per kind."""
    ids: dict[str, list[str]] = {}
    for entry in entries:
        ids.setdefault(entry.object_type, []).append(entry.object_id)
    described = {
        key: kind.describe(found) if (kind := moderatable_kinds.find(key)) else {}
        for key, found in ids.items()
    }
    rows = []
    for entry in entries:
        kind = moderatable_kinds.find(entry.object_type)
        title, url = described[entry.object_type].get(entry.object_id, ("", ""))
        rows.append(
            LogRow(
                entry=entry,
                hidden=entry.action.endswith(".hide"),
                kind_label=str(kind.label) if kind else entry.object_type,
                title=title,
                url=url,
            )
        )
    return rows
