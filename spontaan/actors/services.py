from django.db import transaction

from spontaan.accounts.models import User

from .models import Actor, ActorKind


@transaction.atomic
def actor_for_user(*, user: User) -> Actor:
    """The person-actor of an account, created on first need (a resident unless said otherwise)."""
    actor = Actor.objects.filter(user=user).first()
    if actor is None:
        actor = Actor.objects.create(name=user.display_name, kind=ActorKind.RESIDENT, user=user)
    return actor
