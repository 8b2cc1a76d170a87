"""Demo data, loaded by `spontaan demo`: each app registers a loader for its own part.

    from spontaan.core.demo import DemoLoader, demo_loaders
    demo_loaders.register(DemoLoader(key="tender", order=60, load=load_tender_demo))

Loaders run in `order`, all in one transaction, and share a `DemoContext`: the lower apps'
loaders fill it (municipalities by slug, users by e-mail address, the accounts to print) and
the higher ones read it. Every loader is idempotent: it finds objects by their natural keys and
makes only the missing ones. The people are fictional.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from .pagecache import SITE, touch
from .registry import Registry

DEMO_PASSWORD = "spontaan-demo-2026"


@dataclass
class DemoContext:
    municipalities: dict[str, Any] = field(default_factory=dict)  # slug -> Municipality
    users: dict[str, Any] = field(default_factory=dict)  # e-mail address -> User
    accounts: list[dict] = field(default_factory=list)  # printed by `spontaan demo`


@dataclass(frozen=True)
class DemoLoader:
    key: str
    load: Callable[[DemoContext], None]
    order: int = 100


demo_loaders: Registry[DemoLoader] = Registry("demo loaders")


@transaction.atomic
def load_demo() -> list[dict]:
    """Load every app's demo data, in order; the demo accounts as JSON-able dicts."""
    context = DemoContext()
    for loader in demo_loaders:
        loader.load(context)
    touch(SITE)  # some loaders write their tables directly
    return context.accounts
