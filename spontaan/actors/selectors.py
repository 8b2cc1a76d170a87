"""Reads of the network's parties."""

from .models import Actor, ActorKind

OFFICIAL_KINDS = (ActorKind.MUNICIPAL, ActorKind.PROVINCE)


def actor_names(*, ids: set[int] | list[int]) -> dict[int, str]:
    """The current name of each actor (a deleted account's actor is a former participant)."""
    if not ids:
        return {}
    return dict(Actor.objects.filter(pk__in=ids).values_list("pk", "name"))


def official_actor_names() -> set[str]:
    """The names (case-folded) of the public bodies in the network: municipalities, province."""
    return {
        name.casefold()
        for name in Actor.objects.filter(kind__in=OFFICIAL_KINDS).values_list("name", flat=True)
    }
