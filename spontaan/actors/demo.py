"""Demo actors: the five municipalities and the province as parties in the network."""

from spontaan.core.demo import DemoContext, DemoLoader, demo_loaders

from .models import Actor, ActorKind


def load_actors_demo(context: DemoContext) -> None:
    for municipality in context.municipalities.values():
        Actor.objects.get_or_create(
            name=f"Gemeente {municipality.name}",
            kind=ActorKind.MUNICIPAL,
            is_organisation=True,
            defaults={"municipality": municipality},
        )
    Actor.objects.get_or_create(
        name="Provincie Overijssel", kind=ActorKind.PROVINCE, is_organisation=True
    )


def register() -> None:
    demo_loaders.register(DemoLoader(key="actors", load=load_actors_demo, order=30))
