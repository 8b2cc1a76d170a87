import factory

from spontaan.actors.models import Actor, ActorKind


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = ActorKind.RESIDENT
