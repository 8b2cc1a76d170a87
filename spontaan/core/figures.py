"""Figures, each defined once by the app that owns it: key, label, definition, unit and the
one function that computes it. Every page, export and API that shows a figure reads it from
here, so the number and its definition are the same everywhere.

    from spontaan.core.figures import Figure, figures
    figures.register(Figure(
        key="clock.median_days", label=_("median time to first answer"),
        definition=_("Working days from …"), unit=WORKING_DAYS,
        by_municipality=median_days_by_municipality,
    ))

`by_municipality()` returns the value for every municipality at once (municipality id ->
value; a missing municipality counts as 0 for a count and as None, nothing to measure,
otherwise), from public data only, in a number of queries
that does not grow with the number of municipalities.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from .registry import Registry

COUNT = "count"
WORKING_DAYS = "working_days"
SHARE = "share"  # a fraction from 0 to 1, shown as a percentage
EUROS = "euros"
UNITS = (COUNT, WORKING_DAYS, SHARE, EUROS)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    definition: str | Promise
    unit: str
    by_municipality: Callable[[], dict[int, Any]]
    order: int = 100
    on_overview: bool = False  # shown for each municipality on the list of municipalities

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"Unknown unit {self.unit!r}; one of {UNITS}.")


figures: Registry[Figure] = Registry("figures")


@dataclass(frozen=True)
class FigureValue:
    figure: Figure
    value: Any


def figure_values(
    municipality_ids: Iterable[int], keys: Iterable[str] | None = None, *, overview: bool = False
) -> dict[int, list[FigureValue]]:
    """The values of these figures (all, or those on the overview) for each municipality."""
    chosen = [
        f
        for f in figures
        if (keys is None or f.key in set(keys)) and (not overview or f.on_overview)
    ]
    values = {figure.key: figure.by_municipality() for figure in chosen}
    # A count with nothing to count is 0; other figures are unknown (None) without data.
    return {
        mid: [
            FigureValue(f, values[f.key].get(mid, 0 if f.unit == COUNT else None)) for f in chosen
        ]
        for mid in municipality_ids
    }


def figure_definitions(keys: Iterable[str]) -> list[str]:
    """The definitions of these figures, each text once, in the order of the keys."""
    seen: list[str] = []
    for key in keys:
        text = str(figures.get(key).definition)
        if text not in seen:
            seen.append(text)
    return seen
