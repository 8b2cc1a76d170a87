"""Demo data of places: Netwerkstad Twente with its five towns and their city profiles."""

from spontaan.core.demo import DemoContext, DemoLoader, demo_loaders

from .models import CityProfile, Municipality, Region

MUNICIPALITIES = [
    # slug, name, CBS code, lat, lon, profile, themes
    (
        "almelo",
        "Almelo",
        "0141",
        52.3567,
        6.6625,
        "Almelo wil een binnenstad aan het water zijn, waar wonen, werken en ontmoeten door elkaar "
        "lopen en leegstaande panden een tweede leven krijgen.",
        ["wonen in de binnenstad", "water", "tijdelijk gebruik van leegstand"],
    ),
    (
        "borne",
        "Borne",
        "0147",
        52.2997,
        6.7528,
        "Borne is een dorp met een hart: een compact centrum rond het Marktplein waar de "
        "inwoners elkaar ontmoeten en ondernemers samen optrekken.",
        ["ontmoeting", "groen centrum", "lokale ondernemers"],
    ),
    (
        "enschede",
        "Enschede",
        "0153",
        52.2215,
        6.8937,
        "Enschede is een studentenstad met een creatieve binnenstad: ruimte voor experiment, "
        "cultuur en nieuwe vormen van ondernemen, met de Oude Markt als huiskamer.",
        ["cultuur en creativiteit", "studenten", "experiment", "verblijfskwaliteit"],
    ),
    (
        "hengelo",
        "Hengelo",
        "0164",
        52.2658,
        6.7931,
        "Hengelo bouwt aan een binnenstad waar technologie, maakindustrie en nieuwe ideeën "
        "samenkomen, met ruimte voor jongeren en spelen.",
        ["maken en techniek", "jongeren", "spelen in de stad"],
    ),
    (
        "oldenzaal",
        "Oldenzaal",
        "0173",
        52.3133,
        6.9292,
        "Oldenzaal koestert haar historische kern rond de Plechelmusbasiliek en wil die "
        "levendig houden met markten, ambacht en evenementen.",
        ["historische kern", "markten en ambacht", "evenementen"],
    ),
]


def load_places_demo(context: DemoContext) -> None:
    region, _ = Region.objects.get_or_create(
        slug="netwerkstad-twente", defaults={"name": "Netwerkstad Twente"}
    )
    for slug, name, code, lat, lon, profile, themes in MUNICIPALITIES:
        municipality, _created = Municipality.objects.get_or_create(
            slug=slug,
            defaults={
                "region": region,
                "name": name,
                "cbs_code": code,
                "latitude": lat,
                "longitude": lon,
            },
        )
        context.municipalities[slug] = municipality
        CityProfile.objects.get_or_create(
            municipality=municipality,
            defaults={
                "text": profile,
                "themes": themes,
                "goals": "Meer initiatieven met een blijvend effect op de leefbaarheid en "
                "aantrekkelijkheid van de binnenstad.",
            },
        )


def register() -> None:
    demo_loaders.register(DemoLoader(key="places", load=load_places_demo, order=10))
