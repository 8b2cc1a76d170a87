"""The demo of the rolling tender: the Spontane Binnenstad scheme of Netwerkstad Twente, as
in the pilot article: a first tranche that gave 15 initiatives a grant, then a rolling tender
that gave 8 more. Amounts, scores and people are invented; the dates are placed relative to
today so the pages have a recent history to show.

Everything goes through the services, as a programme manager, reviewers and initiators would
do it; afterwards the timestamps are moved into the past (demo data only).
"""

from datetime import timedelta

from django.utils import timezone

from spontaan.accounts.models import User
from spontaan.clock.selectors import clock_get, clocks_for_initiative
from spontaan.clock.services import clock_backdate
from spontaan.core.demo import DemoContext, DemoLoader, demo_loaders
from spontaan.core.workdays import add_working_days
from spontaan.initiatives import services as initiative_services
from spontaan.initiatives.demo import (
    demo_backdate_event,
    demo_backdate_initiative,
    demo_initiative,
    demo_timeline,
)
from spontaan.initiatives.kinds import ClockKey as InitiativeClockKey
from spontaan.initiatives.models import Status
from spontaan.places.selectors import city_profile_themes
from spontaan.tender.applications import assessment
from spontaan.tender.applications import services as application_services
from spontaan.tender.money import services as money_services
from spontaan.tender.schemes import services as scheme_services

from .kinds import ClockKey
from .models import (
    Application,
    Decision,
    LedgerEntry,
    LineSource,
    Mode,
    Phase,
    Review,
    Scheme,
    SchemeStatus,
    Submission,
)

SLUG = "spontane-binnenstad"

PURPOSE = """De stimuleringsregeling **Spontane Binnenstad** helpt initiatieven van ondernemende
bewoners en maatschappelijke ondernemers die de kwaliteit van de binnensteden van Almelo,
Borne, Enschede, Hengelo en Oldenzaal versterken.

Elke binnenstad heeft een eigen profiel. Initiatieven die dat profiel versterken en een
**structureel positief effect** hebben op de leefbaarheid en aantrekkelijkheid van de
binnenstad, kunnen een stimuleringsbijdrage krijgen. De provincie Overijssel steunt de
regeling financieel en inhoudelijk.

De regeling begon met tranches met een vaste deadline. Na de evaluatie van de eerste tranche
beoordelen we aanvragen doorlopend, vanuit het werkatelier: je kunt altijd aanvragen en je
hoort binnen 30 werkdagen wat we besluiten."""

# Extra (invented) initiatives beside the ones of core/demo.py:
# title, municipality, category, summary, lat, lon, final status
EXTRA = [
    (
        "Pop-up galerie in de Korenstraat",
        "almelo",
        "activity",
        "Kunstenaars exposeren wisselend in leegstaande etalages.",
        52.3561,
        6.6640,
        "realised",
    ),
    (
        "Terras aan de Haven",
        "almelo",
        "public_space",
        "Een openbaar terras met groen aan het water van de binnenhaven.",
        52.3549,
        6.6581,
        "realised",
    ),
    (
        "Groene gevels Grotestraat",
        "almelo",
        "public_space",
        "Bewoners en winkeliers vergroenen samen hun gevels.",
        52.3575,
        6.6615,
        "realised",
    ),
    (
        "Zomeravonden op het Marktplein",
        "borne",
        "activity",
        "Elke donderdag in de zomer muziek en eten op het Marktplein.",
        52.2999,
        6.7519,
        "realised",
    ),
    (
        "Ondernemerscollectief Borne Centrum",
        "borne",
        "transformation",
        "Ondernemers trekken samen op: één agenda, één loket, gedeelde inkoop.",
        52.3003,
        6.7535,
        "running",
    ),
    (
        "Lichtroute door de binnenstad",
        "hengelo",
        "public_space",
        "Een route van lichtkunst die de binnenstad 's avonds verbindt.",
        52.2662,
        6.7925,
        "realised",
    ),
    (
        "Makerspace in de Brink",
        "hengelo",
        "transformation",
        "Een werkplaats waar techniekstudenten en bewoners samen maken.",
        52.2650,
        6.7950,
        "running",
    ),
    (
        "Ambachtsdagen rond de Plechelmus",
        "oldenzaal",
        "activity",
        "Twee dagen oude ambachten in de historische kern.",
        52.3130,
        6.9290,
        "realised",
    ),
    (
        "Studentenpodium op de Oude Markt",
        "enschede",
        "activity",
        "Studenten spelen, debatteren en exposeren op een open podium.",
        52.2208,
        6.8958,
        "realised",
    ),
    (
        "Tijdelijke tuin op de lege kavel",
        "almelo",
        "public_space",
        "Een braakliggende kavel wordt een tuin tot er gebouwd wordt.",
        52.3580,
        6.6650,
        "realised",
    ),
    (
        "Kinderboerderij op wielen",
        "borne",
        "activity",
        "Een rijdende kinderboerderij die op zaterdag in het centrum staat.",
        52.2990,
        6.7540,
        "running",
    ),
    (
        "Repair Café in de bibliotheek",
        "enschede",
        "transformation",
        "Vrijwilligers repareren samen met bewoners; de bibliotheek biedt ruimte.",
        52.2200,
        6.8920,
        "running",
    ),
    (
        "Stadsbalkon Van Heekplein",
        "enschede",
        "public_space",
        "Een verhoogd balkon met zitplekken en uitzicht over het plein.",
        52.2190,
        6.8935,
        "realised",
    ),
    (
        "Pop-up skatebaan bij het station",
        "hengelo",
        "public_space",
        "Een verplaatsbare skatebaan voor jongeren op het stationsplein.",
        52.2620,
        6.7940,
        "realised",
    ),
    (
        "Jongerenwerkplaats De Fabriek",
        "hengelo",
        "transformation",
        "Jongeren leren een vak in een leegstaande fabriekshal.",
        52.2640,
        6.7900,
        "running",
    ),
    (
        "Streekwinkel in een leeg pand",
        "oldenzaal",
        "transformation",
        "Boeren uit de regio verkopen samen in een leegstaand winkelpand.",
        52.3140,
        6.9300,
        "running",
    ),
    (
        "Muziek in de Steenstraat",
        "oldenzaal",
        "activity",
        "Straatmuzikanten op vaste plekken in de winkelstraat.",
        52.3125,
        6.9280,
        "granted",
    ),
]

# The first tranche: the pilot's initiatives and nine invented ones (15 grants).
TRANCHE_ONE = [
    "Herinrichting Marktplein Borne",
    "Noorderhagenstraat Enschede",
    "Wannaplay op de Oude Markt",
    "Boeskoolmarkt Oldenzaal",
    "GameChangeKaravaan",
    "Stadsmakers Enschede",
    *[row[0] for row in EXTRA[:9]],
]
# The rolling tender: eight more grants.
ROLLING = [row[0] for row in EXTRA[9:]]

# Final statuses of the pilot initiatives (initiatives/demo.py starts them as ideas) after
# their grant.
PILOT_FINAL = {
    "Herinrichting Marktplein Borne": "realised",
    "Noorderhagenstraat Enschede": "running",
    "Wannaplay op de Oude Markt": "realised",
    "Boeskoolmarkt Oldenzaal": "running",
    "GameChangeKaravaan": "granted",
    "Stadsmakers Enschede": "running",
}
# Statuses from which the demo can still apply (a database loaded by an older demo may hold
# initiatives that are further along; those are left as they are).
CAN_APPLY = {Status.IDEA, Status.LOOKING_FOR_PARTNERS, Status.IN_WERKATELIER}

MOTIVATIONS = [
    "Sluit goed aan; het plan laat zien hoe het blijft na de subsidie.",
    "Redelijk; het effect op de binnenstad kan sterker beschreven worden.",
    "Sterk netwerk van ondernemers en bewoners erachter.",
    "Begroting is realistisch en de eigen bijdrage is flink.",
]


def _ago(days: int, hour: int = 10):
    moment = timezone.now() - timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def load_tender_demo(context: DemoContext) -> None:
    municipalities, users = context.municipalities, context.users
    if Scheme.objects.filter(slug=SLUG).exists():
        return
    pm = users["programma@demo.spontaan.nl"]
    initiator = users["initiatiefnemer@demo.spontaan.nl"]
    reviewers = [
        users["beoordelaar@demo.spontaan.nl"],
        users["beoordelaar.hengelo@demo.spontaan.nl"],
    ]
    region = next(iter(municipalities.values())).region
    scheme = scheme_services.scheme_create(
        user=pm,
        region=region,
        municipalities=list(municipalities.values()),
        name="Stimuleringsregeling Spontane Binnenstad",
        slug=SLUG,
        purpose=PURPOSE,
        budget_euros=750_000,
        max_per_initiative_euros=50_000,
        min_cofinancing_percent=20,
        mode=Mode.TRANCHES,
        decision_days=30,
        funders=[
            {"name": "Provincie Overijssel", "amount_euros": 375_000},
            *[
                {"name": f"Gemeente {m.name}", "amount_euros": 75_000}
                for m in municipalities.values()
            ],
        ],
    )
    today = timezone.localdate()
    tranche = scheme_services.tranche_add(
        user=pm,
        scheme=scheme,
        name="Eerste tranche",
        opens_on=today - timedelta(days=420),
        closes_on=today - timedelta(days=330),
        decide_by=today - timedelta(days=290),
    )
    for reviewer in reviewers:
        scheme_services.reviewer_add(user=pm, scheme=scheme, email=reviewer.email)
    scheme = scheme_services.scheme_switch_mode(
        user=pm,
        scheme=scheme,
        mode=Mode.ROLLING,
        decision_days=30,
        note="Na de evaluatie van de eerste tranche: geen vaste tranches meer, maar "
        "doorlopend beoordelen vanuit het werkatelier.",
    )
    scheme = scheme_services.scheme_set_status(user=pm, scheme=scheme, status=SchemeStatus.OPEN)
    first, second = Phase.objects.filter(scheme=scheme).order_by("started_at", "id")
    Phase.objects.filter(pk=first.pk).update(started_at=_ago(420), ended_at=_ago(240))
    Phase.objects.filter(pk=second.pk).update(started_at=_ago(240))

    extra = {}
    for title, slug, category, summary, lat, lon, final in EXTRA:
        initiative = demo_initiative(title)
        if initiative is None:
            initiative = initiative_services.initiative_create(
                user=initiator,
                municipality=municipalities[slug],
                title=title,
                summary=summary,
                category=category,
                story=summary + "\n\nDit is een verzonnen voorbeeld om het platform te laten zien.",
                latitude=lat,
                longitude=lon,
            )
        extra[title] = (initiative, final)

    for index, title in enumerate(TRANCHE_ONE + ROLLING):
        initiative = demo_initiative(title)
        if initiative.status not in CAN_APPLY:
            continue
        final = PILOT_FINAL.get(title) or extra[title][1]
        in_tranche = index < len(TRANCHE_ONE)
        if in_tranche:
            submitted = _ago(400 - index * 4)
            decided = _ago(300 - index)
        else:
            step = index - len(TRANCHE_ONE)
            submitted = _ago(230 - step * 25)
            decided = submitted + timedelta(days=18 + (step * 3) % 14)
        requested = 8_000 + (index * 3_700) % 34_000
        granted = requested if index % 4 else requested - 2_000
        _granted_application(
            scheme,
            initiative,
            initiator,
            pm,
            reviewers,
            index=index,
            requested=requested,
            granted=granted,
            final=final,
            tranche=tranche if in_tranche else None,
            submitted=submitted,
            decided=decided,
        )

    # Now: one application waits for the panel, one draft wants to pitch in the werkatelier.
    waiting = demo_initiative("Avondsport in de schoolgymzaal")
    if waiting.status in CAN_APPLY:
        application = _apply(scheme, waiting, initiator, requested=12_500, pitch=False)
        application = application_services.application_submit(
            user=initiator, application=application
        )
        _score(reviewers[0], application, 1)
        _move(application, submitted=_ago(9), decided=None)
    draft = demo_initiative("Kindercrèche bij de bedrijfsunits")
    if draft.status in CAN_APPLY:
        _apply(scheme, draft, initiator, requested=20_000, pitch=True)


def _lines(requested: int) -> list[dict]:
    own = max(requested // 3, 500)
    return [
        {
            "item": "Materiaal en inrichting",
            "amount_euros": requested - 1_000,
            "source": LineSource.SCHEME,
        },
        {"item": "Communicatie en promotie", "amount_euros": 1_000, "source": LineSource.SCHEME},
        {
            "item": "Uren van vrijwilligers en ondernemers",
            "amount_euros": own,
            "source": LineSource.OWN,
        },
        {
            "item": "Bijdrage van partners",
            "amount_euros": own,
            "source": LineSource.OTHER,
            "funder": "Ondernemersvereniging binnenstad",
        },
    ]


def _apply(scheme, initiative, user, *, requested: int, pitch: bool) -> Application:
    application = application_services.application_create(
        user=user, initiative=initiative, scheme=scheme
    )
    themes = city_profile_themes(municipality_id=initiative.municipality_id)[:2]
    return application_services.application_update(
        user=user,
        application=application,
        data={
            "amount_requested": requested,
            "themes": themes,
            "wants_pitch": pitch,
            "plan": f"Met de bijdrage maken we “{initiative.title}” mogelijk. "
            "Na afloop zorgen de initiatiefnemers en partners zelf voor het onderhoud.",
            "budget_lines": _lines(requested),
        },
    )


def _score(reviewer: User, application: Application, seed: int) -> None:
    criteria = list(application.scheme.criteria.all())
    assessment.review_save(
        user=reviewer,
        application=application,
        scores={
            c.pk: {"value": 3 + (seed + i) % 3, "motivation": MOTIVATIONS[(seed + i) % 4]}
            for i, c in enumerate(criteria)
        },
    )


def _granted_application(
    scheme,
    initiative,
    initiator,
    pm,
    reviewers,
    *,
    index,
    requested,
    granted,
    final,
    tranche,
    submitted,
    decided,
) -> None:
    application = _apply(scheme, initiative, initiator, requested=requested, pitch=tranche is None)
    application = application_services.application_submit(user=initiator, application=application)
    for seed, reviewer in enumerate(reviewers):
        _score(reviewer, application, index + seed)
    assessment.application_decide(
        user=pm,
        application=application,
        outcome="granted",
        amount=granted,
        reasoning="Het initiatief versterkt het profiel van de binnenstad en heeft een "
        "blijvend effect: de initiatiefnemers zorgen zelf voor het vervolg.",
        conditions="Laat na afloop met foto's en een korte verantwoording zien wat er is gedaan."
        if granted == requested
        else "Het deel voor promotie valt buiten de regeling; de rest wordt vergoed.",
    )
    application.refresh_from_db()
    if final in {"running", "realised"}:
        initiative_services.initiative_transition(
            user=initiator,
            initiative=initiative,
            to_status=Status.RUNNING,
            note="We zijn begonnen!",
        )
        money_services.grant_pay(
            user=pm, application=application, amount=granted // 2, note="Voorschot (50%)"
        )
    if final == "realised":
        realised = granted - (1_500 if index % 3 == 0 else 0)
        money_services.grant_pay(
            user=pm,
            application=application,
            amount=realised - granted // 2,
            note="Eindbetaling na verantwoording",
        )
        money_services.spending_report_submit(
            user=initiator,
            application=application,
            realised_euros=realised,
            text="Alles is uitgevoerd zoals gepland; de foto's staan op de tijdlijn.",
        )
        if realised < granted:
            money_services.grant_release(
                user=pm,
                application=application,
                amount=granted - realised,
                note="Niet besteed; terug naar het budget.",
            )
        initiative_services.initiative_transition(
            user=initiator,
            initiative=initiative,
            to_status=Status.REALISED,
            note="Klaar en in gebruik.",
        )
    if tranche is not None:
        Application.objects.filter(pk=application.pk).update(mode=Mode.TRANCHES, tranche=tranche)
    _move(application, submitted=submitted, decided=decided)


def _move(application: Application, *, submitted, decided) -> None:
    """Put an application's history at the given moments (demo data only)."""
    Application.objects.filter(pk=application.pk).update(
        created_at=submitted - timedelta(days=6),
        first_submitted_at=submitted,
        submitted_at=submitted,
        decided_at=decided,
    )
    demo_backdate_initiative(
        application.initiative_id, submitted - timedelta(days=30), status_too=False
    )
    Submission.objects.filter(application=application).update(submitted_at=submitted)
    Review.objects.filter(application=application).update(
        submitted_at=submitted + timedelta(days=7)
    )
    if decided is not None:
        Decision.objects.filter(application=application).update(decided_at=decided)
        entries = LedgerEntry.objects.filter(application=application).order_by("id")
        for offset, entry in enumerate(entries):
            LedgerEntry.objects.filter(pk=entry.pk).update(
                created_at=decided + timedelta(days=offset * 40)
            )
    for submission_id in Submission.objects.filter(application=application).values_list(
        "pk", flat=True
    ):
        clock = clock_get(kind=ClockKey.APPLICATION, subject_id=submission_id)
        if clock is None:
            continue
        rolling_due = add_working_days(
            timezone.localdate(submitted), application.scheme.decision_days
        )
        clock_backdate(
            clock=clock,
            opened_at=submitted,
            answered_at=decided,
            due_on=rolling_due if application.tranche_id is None else None,
            keep_due_on=application.tranche_id is not None,
        )
    for clock in clocks_for_initiative(
        initiative_id=application.initiative_id, kind=InitiativeClockKey.INITIATIVE
    ):
        answered = clock.first_answered_at
        clock_backdate(
            clock=clock,
            opened_at=submitted - timedelta(days=30),
            answered_at=min(answered, submitted - timedelta(days=24)) if answered else None,
            keep_due_on=True,
        )
    # The timeline keeps its order: what came before the application between the start and
    # the submission, the decision at its moment, what followed in the weeks after.
    start = submitted - timedelta(days=30)
    phase, previous, after = "before", None, 0
    for event in demo_timeline(application.initiative_id):
        if event.kind == "application" or event.data.get("to") == "applied":
            phase, moment = "submitted", submitted
        elif event.kind == "decision" or event.data.get("to") in {"granted", "not_granted"}:
            phase, moment = "decided", decided or submitted
        elif phase == "before":
            moment = start + timedelta(days=1)
        elif phase == "decided":
            after += 1
            moment = (decided or submitted) + timedelta(days=21 * after)
        else:
            moment = submitted
        if previous is not None and moment <= previous:
            moment = previous + timedelta(minutes=1)
        moment = min(moment, timezone.now())
        demo_backdate_event(event.pk, moment)
        previous = moment


def register() -> None:
    demo_loaders.register(DemoLoader(key="tender", load=load_tender_demo, order=60))
