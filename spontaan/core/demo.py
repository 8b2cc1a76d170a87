"""The demo region: Netwerkstad Twente with its five towns, the pilot's initiatives and
invented ones beside them, and a demo account for every role. People are fictional.

Loading is idempotent: objects are found by their natural keys and only missing ones are made.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from spontaan.accounts.models import Role, RoleGrant, User
from spontaan.actors.models import Actor, ActorKind
from spontaan.clock.models import Clock
from spontaan.initiatives import services as initiative_services
from spontaan.initiatives.models import Function, Initiative, TimelineEvent
from spontaan.places.models import CityProfile, Municipality, Region
from spontaan.tender.demo import TENDER_DRIVEN

DEMO_PASSWORD = "spontaan-demo-2026"

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

FUNCTIONS = [
    ("buurthuis", "buurthuis", "community centre"),
    ("creche", "crèche", "crèche"),
    ("dagbesteding", "dagbesteding", "day care"),
    ("moestuin", "moestuin", "vegetable garden"),
    ("speelplek", "speelplek", "play area"),
    ("markt", "markt", "market"),
    ("werkplaats", "werkplaats", "workshop"),
    ("horeca", "horeca", "food and drink"),
    ("cultuur", "cultuur", "culture"),
    ("groen", "groen", "greenery"),
    ("winkel", "winkel", "shop"),
    ("sport", "sport", "sport"),
]


@dataclass
class DemoAccount:
    email: str
    name: str
    role: str
    municipality: str  # slug; "*" for every municipality; "" for none


ACCOUNTS = [
    DemoAccount("beheer@demo.spontaan.nl", "Beheerder (demo)", "administrator", ""),
    DemoAccount(
        "verbinder.enschede@demo.spontaan.nl",
        "Carla Verbinder (fictief)",
        Role.CONNECTOR,
        "enschede",
    ),
    DemoAccount(
        "verbinder.hengelo@demo.spontaan.nl", "Henk Verbinder (fictief)", Role.CONNECTOR, "hengelo"
    ),
    DemoAccount(
        "verbinder.borne@demo.spontaan.nl", "Bo Verbinder (fictief)", Role.CONNECTOR, "borne"
    ),
    DemoAccount(
        "verbinder.almelo@demo.spontaan.nl", "Ali Verbinder (fictief)", Role.CONNECTOR, "almelo"
    ),
    DemoAccount(
        "verbinder.oldenzaal@demo.spontaan.nl",
        "Olga Verbinder (fictief)",
        Role.CONNECTOR,
        "oldenzaal",
    ),
    DemoAccount(
        "programma@demo.spontaan.nl", "Pien Programma (fictief)", Role.PROGRAMME_MANAGER, "*"
    ),
    DemoAccount(
        "beoordelaar@demo.spontaan.nl", "Bert Beoordelaar (fictief)", Role.REVIEWER, "enschede"
    ),
    DemoAccount(
        "beoordelaar.hengelo@demo.spontaan.nl",
        "Hanna Beoordelaar (fictief)",
        Role.REVIEWER,
        "hengelo",
    ),
    DemoAccount("moderator@demo.spontaan.nl", "Mo Moderator (fictief)", Role.MODERATOR, "enschede"),
    DemoAccount("initiatiefnemer@demo.spontaan.nl", "Ilse Initiatief (fictief)", "resident", ""),
    DemoAccount("bewoner@demo.spontaan.nl", "Bas Bewoner (fictief)", "resident", ""),
    DemoAccount("eigenaar@demo.spontaan.nl", "Eva Eigenaar (fictief)", "property owner", ""),
]

# title, municipality, category, status, summary, functions, lat, lon, address, from the pilot?
INITIATIVES = [
    (
        "Herinrichting Marktplein Borne",
        "borne",
        "public_space",
        "realised",
        "Het Marktplein opnieuw ingericht als ontmoetingsplek, met groen en ruimte voor de markt.",
        ["groen", "markt"],
        52.29985,
        6.75230,
        "Marktplein, Borne",
        True,
    ),
    (
        "Noorderhagenstraat Enschede",
        "enschede",
        "public_space",
        "running",
        "Ondernemers en bewoners geven de Noorderhagenstraat samen een kwaliteitsimpuls.",
        ["winkel", "groen"],
        52.22330,
        6.89350,
        "Noorderhagenstraat, Enschede",
        True,
    ),
    (
        "Wannaplay op de Oude Markt",
        "enschede",
        "activity",
        "realised",
        "Een schommelinstallatie op de Oude Markt: spelen voor jong en oud in het hart van de stad.",
        ["speelplek", "cultuur"],
        52.22103,
        6.89555,
        "Oude Markt, Enschede",
        True,
    ),
    (
        "Boeskoolmarkt Oldenzaal",
        "oldenzaal",
        "activity",
        "running",
        "Een wekelijkse markt met streekproducten en ambacht rond de Boeskool.",
        ["markt", "horeca"],
        52.31310,
        6.92860,
        "Boeskoolstraat, Oldenzaal",
        True,
    ),
    (
        "GameChangeKaravaan",
        "hengelo",
        "transformation",
        "granted",
        "Een rondreizende karavaan die ondernemers, bewoners en gemeente laat samenwerken aan de "
        "binnenstad van morgen.",
        ["werkplaats", "cultuur"],
        52.26560,
        6.79330,
        "Burgemeester Jansenplein, Hengelo",
        True,
    ),
    (
        "Stadsmakers Enschede",
        "enschede",
        "transformation",
        "running",
        "Een netwerk van stadsmakers dat leegstand, ideeën en mensen aan elkaar koppelt.",
        ["werkplaats", "buurthuis"],
        52.22050,
        6.89700,
        "Walstraat, Enschede",
        True,
    ),
    (
        "Buurtkamer in leeg winkelpand",
        "almelo",
        "transformation",
        "looking_for_partners",
        "Een tijdelijke buurtkamer in een leegstaand pand: overdag dagbesteding, 's avonds "
        "buurthuis.",
        ["buurthuis", "dagbesteding"],
        52.35720,
        6.66300,
        "Grotestraat, Almelo",
        False,
    ),
    (
        "Moestuin aan de Hengelose Es",
        "hengelo",
        "public_space",
        "idea",
        "Een moestuin op braakliggende grond, voor en door de buurt en de basisschool.",
        ["moestuin", "groen"],
        52.27000,
        6.78700,
        "Hengelose Es, Hengelo",
        False,
    ),
    (
        "Kindercrèche bij de bedrijfsunits",
        "borne",
        "transformation",
        "in_werkatelier",
        "Ondernemers in de bedrijfsunits delen een crèche, zodat ouders dichtbij kunnen werken.",
        ["creche", "werkplaats"],
        52.30200,
        6.75000,
        "Spoorstraat, Borne",
        False,
    ),
    (
        "Avondsport in de schoolgymzaal",
        "oldenzaal",
        "activity",
        "applied",
        "De gymzaal is overdag van de school en 's avonds van de buurt: sport voor iedereen.",
        ["sport", "buurthuis"],
        52.31000,
        6.92500,
        "Lyceumstraat, Oldenzaal",
        False,
    ),
]


def _user(account: DemoAccount) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = User.objects.create_user(
            account.email,
            DEMO_PASSWORD,
            display_name=account.name,
            email_verified_at=timezone.now(),
            is_staff=account.role == "administrator",
            is_superuser=account.role == "administrator",
        )
    return user


@transaction.atomic
def load_demo() -> list[dict]:
    region, _ = Region.objects.get_or_create(
        slug="netwerkstad-twente", defaults={"name": "Netwerkstad Twente"}
    )
    municipalities = {}
    for slug, name, code, lat, lon, profile, themes in MUNICIPALITIES:
        municipality, created = Municipality.objects.get_or_create(
            slug=slug,
            defaults={
                "region": region,
                "name": name,
                "cbs_code": code,
                "latitude": lat,
                "longitude": lon,
            },
        )
        municipalities[slug] = municipality
        CityProfile.objects.get_or_create(
            municipality=municipality,
            defaults={
                "text": profile,
                "themes": themes,
                "goals": "Meer initiatieven met een blijvend effect op de leefbaarheid en "
                "aantrekkelijkheid van de binnenstad.",
            },
        )
        Actor.objects.get_or_create(
            name=f"Gemeente {name}",
            kind=ActorKind.MUNICIPAL,
            is_organisation=True,
            defaults={"municipality": municipality},
        )
    Actor.objects.get_or_create(
        name="Provincie Overijssel", kind=ActorKind.PROVINCE, is_organisation=True
    )
    for slug, nl, en in FUNCTIONS:
        Function.objects.get_or_create(slug=slug, defaults={"name_nl": nl, "name_en": en})

    users = {}
    for account in ACCOUNTS:
        user = _user(account)
        users[account.email] = user
        if account.role in Role.values:
            places = (
                municipalities.values()
                if account.municipality == "*"
                else [municipalities[account.municipality]]
            )
            for municipality in places:
                RoleGrant.objects.get_or_create(
                    user=user, municipality=municipality, role=account.role
                )

    _initiatives(municipalities, users)
    from spontaan.tender.demo import load_tender_demo

    load_tender_demo(municipalities, users)
    return [
        {
            "email": a.email,
            "password": DEMO_PASSWORD,
            "role": str(a.role),
            "municipality": _where(a, municipalities),
        }
        for a in ACCOUNTS
    ]


def _where(account: DemoAccount, municipalities: dict) -> str:
    if account.municipality == "*":
        return ", ".join(m.name for m in municipalities.values())
    return municipalities[account.municipality].name if account.municipality else ""


def _initiatives(municipalities: dict, users: dict) -> None:
    initiator = users["initiatiefnemer@demo.spontaan.nl"]
    now = timezone.now()
    for index, (
        title,
        slug,
        category,
        status,
        summary,
        functions,
        lat,
        lon,
        address,
        from_pilot,
    ) in enumerate(INITIATIVES):
        municipality = municipalities[slug]
        if Initiative.objects.filter(title=title, municipality=municipality).exists():
            continue
        story = summary + (
            "\n\nDit initiatief is een van de initiatieven uit de pilot *Spontane Binnenstad* "
            "van Netwerkstad Twente."
            if from_pilot
            else "\n\nDit is een verzonnen voorbeeld om het platform te laten zien."
        )
        initiative = initiative_services.initiative_create(
            user=initiator,
            municipality=municipality,
            title=title,
            summary=summary,
            category=category,
            story=story,
            functions=functions,
            address=address,
            latitude=lat,
            longitude=lon,
        )
        connector = User.objects.filter(
            role_grants__municipality=municipality, role_grants__role=Role.CONNECTOR
        ).first()
        # Spread the history over the past year so the figures have something to show.
        started = now - timedelta(days=20 + index * 31)
        answered_after = timedelta(days=2 + (index * 5) % 19)
        if status != "idea" and connector is not None:
            initiative_services.initiative_respond(
                user=connector,
                initiative=initiative,
                text="Mooi initiatief! Ik kom graag langs om te kijken hoe we kunnen helpen.",
            )
        ask = initiative_services.ask_create(
            user=initiator,
            initiative=initiative,
            kind="organisational",
            title="Hulp bij de vergunning voor het gebruik van de openbare ruimte",
            text="Wie kan ons helpen met de aanvraag?",
            is_small=index % 2 == 0,
            amount=500 if index % 2 == 0 else None,
        )
        if index % 3 != 2 and connector is not None:
            initiative_services.ask_answer(
                user=connector,
                ask=ask,
                outcome="yes",
                answer="Ja, we plannen een afspraak met de vergunningverlener.",
            )
        pm = users["programma@demo.spontaan.nl"]
        # Applications and grants move these (spontaan/tender/demo.py), not a hand.
        for step in [] if title in TENDER_DRIVEN else STATUS_PATHS[status]:
            actor = {"team": initiator, "connector": connector, "pm": pm}[step[1]]
            initiative_services.initiative_transition(
                user=actor,
                initiative=initiative,
                to_status=step[0],
                note=step[2],
            )
        _backdate(initiative, started, answered_after)


STATUS_PATHS = {
    "idea": [],
    "looking_for_partners": [("looking_for_partners", "team", "")],
    "in_werkatelier": [("in_werkatelier", "connector", "Op de agenda van het werkatelier.")],
    "running": [("running", "team", "We zijn begonnen!")],
    "realised": [("running", "team", ""), ("realised", "team", "Klaar en in gebruik.")],
}


def _backdate(initiative: Initiative, started, answered_after) -> None:
    """Move a demo initiative's history into the past (demo data only)."""
    from spontaan.core.workdays import add_working_days, working_days_between

    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=started, status_changed_at=started
    )
    for offset, event in enumerate(
        TimelineEvent.objects.filter(initiative=initiative).order_by("created_at", "id")
    ):
        moment = started + (answered_after if event.on_behalf_of_municipality else timedelta(0))
        TimelineEvent.objects.filter(pk=event.pk).update(
            created_at=moment + timedelta(hours=offset)
        )
    from spontaan.initiatives.models import Ask

    Ask.objects.filter(initiative=initiative, answered_at__isnull=False).update(
        answered_at=started + answered_after
    )
    for clock in Clock.objects.filter(initiative=initiative):
        municipality = initiative.municipality
        days = municipality.fast_lane_days if clock.is_fast_lane else municipality.first_answer_days
        clock.opened_at = started
        clock.due_on = add_working_days(timezone.localdate(started), days)
        if clock.first_answered_at is not None:
            clock.first_answered_at = started + answered_after
            clock.answer_working_days = working_days_between(
                timezone.localdate(started), timezone.localdate(clock.first_answered_at)
            )
        clock.save()
