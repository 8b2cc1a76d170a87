import factory

from spontaan.places.models import CityProfile, Municipality, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = "Netwerkstad Twente"
    slug = "netwerkstad-twente"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    latitude = 52.22
    longitude = 6.89


class CityProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityProfile

    municipality = factory.SubFactory(MunicipalityFactory)
    text = "Een levendige binnenstad."
    themes = factory.LazyFunction(lambda: ["ontmoeting", "groen"])
