"""Kinds of items the answer clock runs for, registered by the apps that own them.

    from spontaan.clock.kinds import ClockKind, clock_kinds
    clock_kinds.register(ClockKind(key="ask", label=_("ask")))

The kind's service level decides the due date: by default the municipality's first-answer
term, or its shorter fast-lane term for small items. A kind with its own rule gives
`service_days`; a caller with a fixed date (a tranche's decision date) passes `due_on` to
`clock_start`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from spontaan.core.registry import Registry
from spontaan.places.models import Municipality


def default_service_days(municipality: Municipality, is_fast_lane: bool) -> int:
    return municipality.fast_lane_days if is_fast_lane else municipality.first_answer_days


@dataclass(frozen=True)
class ClockKind:
    key: str
    label: str | Promise
    order: int = 100
    service_days: Callable[[Municipality, bool], int] = default_service_days


clock_kinds: Registry[ClockKind] = Registry("clock kinds")


def clock_kind_label(key: str) -> str:
    kind = clock_kinds.find(key)
    return str(kind.label) if kind else key
