"""One small typed registry, the base of every extension point.

A lower app owns a registry; a higher app adds its entries in its `AppConfig.ready()`, so the
lower app never imports the higher one. Entries are frozen dataclasses with a `key` (stored in
the database as plain text, so a new kind needs no migration) and an `order`.

    from spontaan.clock.kinds import clock_kinds, ClockKind
    clock_kinds.register(ClockKind(key="application", label=_("grant application"), ...))

The registry refuses a second, different entry under the same key, and refuses new entries
once it is frozen (the top app freezes every registry when start-up is done). Registering the
same entry again is harmless, so `ready()` may run twice. Tests add entries for a while with
`registry.override(entry, …)`, which also works on a frozen registry.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, Protocol, TypeVar


class Entry(Protocol):
    key: str
    order: int


E = TypeVar("E", bound=Entry)
F = TypeVar("F", bound=Callable[..., Any])

_all: dict[str, "Registry[Any]"] = {}


class RegistryError(LookupError):
    pass


class Registry(Generic[E]):
    def __init__(self, name: str) -> None:
        if name in _all:
            raise RegistryError(f"A registry named {name!r} exists already.")
        self.name = name
        self._entries: dict[str, E] = {}
        self._frozen = False
        _all[name] = self

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {len(self._entries)} entries>"

    def register(self, entry: E) -> E:
        key = getattr(entry, "key", None)
        if not key or not isinstance(key, str):
            raise RegistryError(f"An entry of {self.name} needs a text key.")
        existing = self._entries.get(key)
        if existing is not None:
            if existing == entry:
                return existing
            raise RegistryError(f"{self.name} has a different entry with key {key!r} already.")
        if self._frozen:
            raise RegistryError(f"{self.name} is frozen; register in AppConfig.ready().")
        self._entries[key] = entry
        return entry

    def freeze(self) -> None:
        self._frozen = True

    def get(self, key: str) -> E:
        try:
            return self._entries[key]
        except KeyError:
            raise RegistryError(f"{self.name} has no entry {key!r}.") from None

    def find(self, key: str) -> E | None:
        return self._entries.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[E]:
        return iter(sorted(self._entries.values(), key=lambda e: (e.order, e.key)))

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[str]:
        return [entry.key for entry in self]

    def choices(self) -> list[tuple[str, str]]:
        """(key, label) pairs, for forms and filters."""
        return [(entry.key, str(getattr(entry, "label", entry.key))) for entry in self]

    @contextmanager
    def override(self, *entries: E) -> Iterator["Registry[E]"]:
        """Add entries for the length of a `with` block (tests), even when frozen."""
        saved = dict(self._entries)
        try:
            for entry in entries:
                self._entries[entry.key] = entry
            yield self
        finally:
            self._entries = saved


def register_all(*pairs: tuple[Registry[Any], Iterable[Any]]) -> None:
    """Add each list of entries to its registry: `register_all((kinds, KINDS), …)`, the whole
    of an app's `register()`."""
    for registry, entries in pairs:
        for entry in entries:
            registry.register(entry)


def register_function(functions: dict[str, F], what: str, name: str, fn: F) -> None:
    """Add `fn` to a plain registry of named functions (account export, erasure, renames).
    Registering the same function again is harmless; another one under the name is refused:
    `what` names the kind in the error ("An eraser")."""
    existing = functions.get(name)
    if existing is not None and existing is not fn:
        raise ValueError(f"{what} named {name!r} is already registered.")
    functions[name] = fn


def registries() -> dict[str, Registry[Any]]:
    """Every registry, by name (for the system check and the architecture docs)."""
    return dict(_all)


def freeze_all() -> None:
    for registry in _all.values():
        registry.freeze()
