"""Reads for a person's own page (Mijn Spontaan): their initiatives with what waits on the
municipality, and the initiatives they follow. Selectors, as in `selectors.py`."""

from spontaan.accounts.selectors import AnyUser
from spontaan.clock.selectors import clocks_open_for_initiatives
from spontaan.core.rows import first_with_total

from .models import Initiative
from .selectors import (
    CARD_FIELDS,
    initiative_ids_on_team,
    initiative_list_public,
    initiatives_on_team_first,
)


def my_initiatives(*, user: AnyUser, limit: int) -> tuple[list[Initiative], int]:
    """The first `limit` initiatives whose team the person is on now (last changed first), each
    with `open_clocks`: what the municipality has still to answer, soonest due first; and how
    many initiatives there are in all."""
    mine, total = initiatives_on_team_first(user=user, limit=limit)
    clocks = clocks_open_for_initiatives(initiative_ids=[i.pk for i in mine])
    for initiative in mine:
        initiative.open_clocks = clocks.get(initiative.pk, [])
    return mine, total


def followed_initiatives(*, user: AnyUser, limit: int) -> tuple[list[Initiative], int]:
    """The initiatives of others the person follows (not those whose team they are on: those
    are theirs) that they may see, last changed first (the first `limit`), and how many there
    are, in one query."""
    if not user.is_authenticated:
        return [], 0
    qs = (
        initiative_list_public(user=user)
        .prefetch_related(None)
        .filter(follows__user=user)
        .exclude(pk__in=initiative_ids_on_team(user=user))
        .only(*CARD_FIELDS)
        .order_by("-updated_at", "-id")
    )
    return first_with_total(qs, limit)
