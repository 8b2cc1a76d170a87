"""Demo initiatives: the ones named in the pilot article and invented ones beside them.

The pilot's initiatives, and those whose status comes with a grant application, keep their
first status here: the tender's demo applies for them and moves them on, as the platform would.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import user_get, users_with_role
from spontaan.clock.selectors import clocks_for_initiative
from spontaan.clock.services import clock_backdate
from spontaan.core.demo import DemoContext, DemoLoader, demo_loaders
from spontaan.moderation import services as moderation
from spontaan.moderation.selectors import has_reported

from . import asks, team
from . import services as initiative_services
from .models import Ask, Function, Initiative, NewsItem, TeamInvitation, TimelineEvent
from .news import news_post

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


def load_initiatives_demo(context: DemoContext) -> None:
    for slug, nl, en in FUNCTIONS:
        Function.objects.get_or_create(slug=slug, defaults={"name_nl": nl, "name_en": en})
    _initiatives(context.municipalities, context.users)
    _teams(context.users)


def register() -> None:
    demo_loaders.register(DemoLoader(key="initiatives", load=load_initiatives_demo, order=40))
    demo_loaders.register(
        DemoLoader(key="initiatives.moderation", load=load_moderation_demo, order=70)
    )


def _teams(users: dict) -> None:
    """Teams the way people build them: a resident who accepted an invitation and an
    organisation on the first initiative, and an invitation waiting on the second, so the
    invitations page has something to answer."""
    initiator = users["initiatiefnemer@demo.spontaan.nl"]
    resident = users["bewoner@demo.spontaan.nl"]
    first, second = Initiative.objects.filter(created_by=initiator).order_by("id")[:2]
    if TeamInvitation.objects.filter(initiative__in=[first, second]).exists():
        return
    joined = team.team_invite(
        user=initiator, initiative=first, email=resident.email, role="penningmeester"
    )
    team.team_invitation_answer(user=resident, invitation=joined, accept=True)
    team.team_organisation_add(
        user=initiator,
        initiative=first,
        name="Buurtvereniging De Es (fictief)",
        kind="social_enterprise",
        role="beheer van de plek",
    )
    team.team_invite(user=initiator, initiative=second, email=resident.email, role="vrijwilliger")


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
        connector_ids = users_with_role(municipality_id=municipality.pk, roles={Role.CONNECTOR})
        connector = user_get(user_id=connector_ids[0]) if connector_ids else None
        # Spread the history over the past year so the figures have something to show.
        started = now - timedelta(days=20 + index * 31)
        answered_after = timedelta(days=2 + (index * 5) % 19)
        if status != "idea" and connector is not None:
            initiative_services.initiative_respond(
                user=connector,
                initiative=initiative,
                text="Mooi initiatief! Ik kom graag langs om te kijken hoe we kunnen helpen.",
            )
        ask = asks.ask_create(
            user=initiator,
            initiative=initiative,
            kind="organisational",
            title="Hulp bij de vergunning voor het gebruik van de openbare ruimte",
            text="Wie kan ons helpen met de aanvraag?",
            is_small=index % 2 == 0,
            amount=500 if index % 2 == 0 else None,
        )
        if index % 3 != 2 and connector is not None:
            asks.ask_answer(
                user=connector,
                ask=ask,
                outcome="yes",
                answer="Ja, we plannen een afspraak met de vergunningverlener.",
            )
        pm = users["programma@demo.spontaan.nl"]
        # The pilot's initiatives got their grant from the scheme, and statuses that come
        # with an application are the tender's: its demo applies for these and moves them on.
        grant_driven = from_pilot or status in GRANT_STATUSES
        for step in [] if grant_driven else STATUS_PATHS[status]:
            actor = {"team": initiator, "connector": connector, "pm": pm}[step[1]]
            initiative_services.initiative_transition(
                user=actor,
                initiative=initiative,
                to_status=step[0],
                note=step[2],
            )
        _backdate(initiative, started, answered_after)


GRANT_STATUSES = {"applied", "granted", "not_granted"}

STATUS_PATHS = {
    "idea": [],
    "looking_for_partners": [("looking_for_partners", "team", "")],
    "in_werkatelier": [("in_werkatelier", "connector", "Op de agenda van het werkatelier.")],
    "running": [("running", "team", "We zijn begonnen!")],
    "realised": [("running", "team", ""), ("realised", "team", "Klaar en in gebruik.")],
}


# For the demos of the apps above (demo data only): find an initiative and move its history.


def demo_initiative(title: str) -> Initiative | None:
    return Initiative.objects.filter(title=title).first()


def demo_timeline(initiative_id: int) -> list[TimelineEvent]:
    return list(
        TimelineEvent.objects.filter(initiative_id=initiative_id).order_by("created_at", "id")
    )


def demo_backdate_initiative(initiative_id: int, started: datetime, *, status_too: bool) -> None:
    changes = {"created_at": started} | ({"status_changed_at": started} if status_too else {})
    Initiative.objects.filter(pk=initiative_id).update(**changes)


def demo_backdate_event(event_id: int, moment: datetime) -> None:
    TimelineEvent.objects.filter(pk=event_id).update(created_at=moment)


def _backdate(initiative: Initiative, started, answered_after) -> None:
    """Move a demo initiative's history into the past (demo data only)."""
    demo_backdate_initiative(initiative.pk, started, status_too=True)
    for offset, event in enumerate(demo_timeline(initiative.pk)):
        moment = started + (answered_after if event.on_behalf_of_municipality else timedelta(0))
        demo_backdate_event(event.pk, moment + timedelta(hours=offset))
    Ask.objects.filter(initiative=initiative, answered_at__isnull=False).update(
        answered_at=started + answered_after
    )
    for clock in clocks_for_initiative(initiative_id=initiative.pk):
        clock_backdate(clock=clock, opened_at=started, answered_at=started + answered_after)


# --- team news and moderation (after the initiatives; the moderator is in Enschede) --------

DEMO_NEWS = [
    # (initiative, title, text, hidden as spam)
    (
        "Noorderhagenstraat Enschede",
        "De plantenbakken staan er",
        "Dank aan iedereen die zaterdag hielp. Kom kijken en neem een **stekje** mee!",
        False,
    ),
    (
        "Noorderhagenstraat Enschede",
        "Goedkope zonnepanelen via onze webshop",
        "Bestel nu met korting op [onze webshop](https://zonnepanelen.example).",
        True,
    ),
]


def load_moderation_demo(context: DemoContext) -> None:
    initiator = context.users["initiatiefnemer@demo.spontaan.nl"]
    resident = context.users["bewoner@demo.spontaan.nl"]
    owner = context.users["eigenaar@demo.spontaan.nl"]
    moderator = context.users["moderator@demo.spontaan.nl"]
    for title, news_title, text, hide in DEMO_NEWS:
        initiative = demo_initiative(title)
        if initiative is None or NewsItem.objects.filter(title=news_title).exists():
            continue
        item = news_post(user=initiator, initiative=initiative, title=news_title, text=text)
        if hide:
            moderation.report_create(
                user=resident, kind="news", object_id=str(item.pk), reason="spam"
            )
            moderation.case_hide_content(
                user=moderator,
                kind="news",
                object_id=str(item.pk),
                reason="spam",
                note="Reclame voor een webwinkel hoort niet bij het initiatief.",
            )
        else:
            moderation.report_create(
                user=owner,
                kind="news",
                object_id=str(item.pk),
                reason="off_topic",
                note="Gaat dit over de straat?",
            )
    reported = demo_initiative("Noorderhagenstraat Enschede")
    if reported is not None and not has_reported(
        user=resident, kind="initiative", object_id=reported.pk
    ):
        moderation.report_create(
            user=resident,
            kind="initiative",
            object_id=str(reported.pk),
            reason="personal_data",
            note="Op de foto staat mijn huisnummer.",
        )
