from django.db import transaction

from spontaan.accounts.models import User
from spontaan.accounts.services import former_participant_name
from spontaan.places.models import Municipality

from .models import Actor, ActorKind


@transaction.atomic
def actor_for_user(*, user: User) -> Actor:
    """The person-actor of an account, created on first need (a resident unless said otherwise)."""
    actor = Actor.objects.filter(user=user).first()
    if actor is None:
        actor = Actor.objects.create(name=user.display_name, kind=ActorKind.RESIDENT, user=user)
    return actor


@transaction.atomic
def actor_for_organisation(*, name: str, kind: str, municipality: Municipality | None) -> Actor:
    """The organisation of this name and kind, created on first need."""
    actor = Actor.objects.filter(
        name__iexact=name, kind=kind, is_organisation=True, user__isnull=True
    ).first()
    if actor is None:
        actor = Actor.objects.create(
            name=name, kind=kind, is_organisation=True, municipality=municipality
        )
    return actor


def actors_rename(user: User, old_name: str, new_name: str) -> None:
    """Keep the person-actor (the account's node in the network) named as the account."""
    Actor.objects.filter(user=user, is_organisation=False, name=old_name).update(name=new_name)


def actors_erase(user: User) -> None:
    """An account is deleted: its actor stays in the network, without the person's name."""
    Actor.objects.filter(user=user).update(name=former_participant_name())
