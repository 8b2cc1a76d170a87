"""One overview: the pages of the issue "fast pages" read as many queries with much data as
with little, for each person who uses them.

A small region is built (5 initiatives with functions and events, asks, a team, decided grant
applications, notifications, follows) and every case reads its page once with every cache
cleared, so the page is fully rendered; then much more of everything the pages show is added
(40 initiatives, with more asks, team members, invitations, news, followers, notifications and
decided applications) and every case reads its page again, cold. Both caches of production
are on (the public page cache, the map's GeoJSON cache and the shared parts of pages), so a
second, warm read goes through them: an anonymous visitor's from the page cache, a signed-in
person's with the shared parts of the page. The data is built once for all cases, through the services, and
rolled back at the end; each case is its own test, so a failure names the page and person.

People: `anonymous`; `resident`, a verified person on the detail initiative's team who
started most of the initiatives; `connector`, the connector of Hengelo.
"""

import traceback
from dataclasses import dataclass, field
from itertools import count

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from spontaan.accounts.models import Role, RoleGrant, User
from spontaan.accounts.services import api_token_create
from spontaan.accounts.tests.factories import UserFactory
from spontaan.initiatives import asks, news
from spontaan.initiatives.models import Ask, Initiative
from spontaan.initiatives.services import (
    initiative_create,
    initiative_follow,
    initiative_respond,
    initiative_transition,
)
from spontaan.initiatives.team import team_invite, team_organisation_add
from spontaan.initiatives.tests.factories import FunctionFactory, join_team
from spontaan.places.models import CityProfile, Municipality
from spontaan.places.tests.factories import MunicipalityFactory
from spontaan.tender.applications import services as application_services
from spontaan.tender.models import Application, Mode, Outcome, Scheme
from spontaan.tender.schemes.views import DECIDED_PAGE_SIZE
from spontaan.tender.tests.conftest import score_all
from spontaan.tender.tests.helpers import complete_draft, decide, open_with_panel, regional_scheme

# The cases only read what the module's fixture measured; the mark sets up the test database.
pytestmark = pytest.mark.django_db

SMALL = 5  # initiatives in the small data set, the detail initiative included
LARGE = 40  # ... and in the large one

ANONYMOUS, RESIDENT, CONNECTOR = "anonymous", "resident", "connector"
PEOPLE = (ANONYMOUS, RESIDENT, CONNECTOR)


@dataclass
class Region:
    """Everything the pages show, and the people who look at them."""

    municipality: Municipality
    other_municipality: Municipality
    resident: User
    other_resident: User
    connector: User
    manager: User
    reviewers: tuple[User, User]
    initiative: Initiative
    scheme: Scheme
    functions: list = field(default_factory=list)
    serial: count = field(default_factory=count)


# The pages by name, their path, and who may read them.
PAGES = {
    "list": (lambda r: "/initiatieven/", PEOPLE),
    "search": (lambda r: "/initiatieven/?q=moestuin", PEOPLE),
    "map_geojson": (
        lambda r: f"/api/v1/initiatives/geojson?municipality={r.municipality.slug}",
        PEOPLE,
    ),
    "detail": (lambda r: r.initiative.get_absolute_url(), PEOPLE),
    "api_list": (lambda r: "/api/v1/initiatives", PEOPLE),
    "scheme": (lambda r: f"/regelingen/{r.scheme.slug}/", PEOPLE),
    "municipality": (lambda r: f"/gemeenten/{r.municipality.slug}/", PEOPLE),
    "account": (lambda r: "/account/", (RESIDENT, CONNECTOR)),
    "personal": (lambda r: "/mijn-spontaan/", (RESIDENT, CONNECTOR)),
    "queue": (lambda r: "/reactiesnelheid/werkvoorraad/", (CONNECTOR,)),
}

CASES = [
    pytest.param(page, who, id=f"{page}-{who}")
    for page, (_path, people) in PAGES.items()
    for who in people
]


# --- the data --------------------------------------------------------------------------------


def _person(name: str) -> User:
    return UserFactory(display_name=name)


def _staff(name: str, *grants: tuple[Municipality, str]) -> User:
    user = _person(name)
    for municipality, role in grants:
        RoleGrant.objects.get_or_create(user=user, municipality=municipality, role=role)
    return user


def _region() -> Region:
    """The people and places of the shared fixtures (conftest.py at the root): Hengelo and
    Borne, `resident`, `other_resident` and Hengelo's `connector`; `resident`'s initiative in
    Hengelo, the detail page's; and an open rolling grant scheme for both municipalities with
    a panel of two (as in the tender's tests)."""
    municipality = MunicipalityFactory(name="Hengelo", slug="hengelo")
    other_municipality = MunicipalityFactory(name="Borne", slug="borne")
    resident = UserFactory(display_name="Anna Initiatief", email="anna@example.org")
    other_resident = UserFactory(display_name="Bram Buurman", email="bram@example.org")
    connector = _staff("Carla Verbinder", (municipality, Role.CONNECTOR))
    functions = [FunctionFactory(slug="moestuin"), FunctionFactory(slug="buurthuis")]
    initiative = initiative_create(
        user=resident,
        municipality=municipality,
        title="Buurtmoestuin Hengelose Es",
        summary="Een moestuin voor en door de buurt.",
        category="public_space",
        story="We willen **samen** groente kweken.",
        functions=[f.slug for f in functions],
        latitude=52.2655,
        longitude=6.7931,
    )
    for place in (municipality, other_municipality):
        CityProfile.objects.update_or_create(
            municipality=place,
            defaults={"text": f"{place.name}: stad van ontmoeting.", "themes": ["groen"]},
        )
    both = (municipality, other_municipality)
    manager = _staff("Rosa Regio", *((m, Role.PROGRAMME_MANAGER) for m in both))
    reviewers = (
        _staff("Ria Reviewer", *((m, Role.REVIEWER) for m in both)),
        _staff("Sem Scoort", *((m, Role.REVIEWER) for m in both)),
    )
    scheme = regional_scheme(
        manager,
        municipality,
        other_municipality,
        name="Spontane Binnenstad",
        purpose="Initiatieven die de binnenstad versterken.",
        budget_euros=1_000_000,
        max_per_initiative_euros=10_000,
        min_cofinancing_percent=20,
        mode=Mode.ROLLING,
        decision_days=20,
    )
    return Region(
        municipality=municipality,
        other_municipality=other_municipality,
        resident=resident,
        other_resident=other_resident,
        connector=connector,
        manager=manager,
        reviewers=reviewers,
        initiative=initiative,
        scheme=open_with_panel(manager, scheme, *reviewers),
        functions=functions,
    )


def _decided(region: Region, initiative: Initiative, by: User, granted: bool) -> None:
    """A grant application of `initiative` by `by`, submitted, scored by the panel and decided
    on, through the services."""
    draft = complete_draft(by, initiative, region.scheme, 2000)
    submitted = application_services.application_submit(user=by, application=draft)
    for reviewer in region.reviewers:
        score_all(reviewer, submitted, 4 if granted else 2)
    decide(
        region.manager,
        submitted,
        outcome=Outcome.GRANTED if granted else Outcome.NOT_GRANTED,
        amount=1500 if granted else None,
        reasoning="Past bij de regeling." if granted else "Past niet bij de regeling.",
    )


def _new_initiatives(region: Region, n: int) -> None:
    """n initiatives with functions and events: most by `resident` (in Hengelo, every fourth
    in Borne), some by `other_resident` in Borne that `resident` follows; every other title
    has "Moestuin" in it; the connector responds to those in Hengelo; most have a decided
    grant application; some look for partners."""
    for _ in range(n):
        i = next(region.serial)
        author = region.other_resident if i % 5 == 4 else region.resident
        municipality = region.municipality if i % 4 < 3 else region.other_municipality
        if author == region.other_resident:
            municipality = region.other_municipality
        initiative = initiative_create(
            user=author,
            municipality=municipality,
            title=f"{'Moestuin' if i % 2 == 0 else 'Buurthuis'} nummer {i}",
            summary="Samen iets moois maken in de wijk.",
            category="public_space" if i % 3 else "activity",
            story=f"Het **{i}e** plan voor de buurt.",
            functions=[f.slug for f in region.functions[: 1 + i % 2]],
            latitude=52.26 + i / 1000,
            longitude=6.79 + i / 1000,
        )
        if author != region.resident:
            initiative_follow(user=region.resident, initiative=initiative)
        if municipality == region.municipality:
            initiative_respond(user=region.connector, initiative=initiative, text="Welkom!")
        if i % 3 == 2:
            initiative_transition(
                user=author, initiative=initiative, to_status="looking_for_partners"
            )
        else:
            _decided(region, initiative, author, granted=i % 2 == 0)


def _on_the_detail_initiative(region: Region, n: int) -> None:
    """n more of each thing the detail page shows: asks (every other one answered), conflicts
    with rules, team members (people who accepted an invitation, and organisations),
    pending invitations (each sent by a new member: one person may send 30 a day), team news,
    followers and the connector's responses."""
    detail, resident, connector = region.initiative, region.resident, region.connector
    for _ in range(n):
        i = next(region.serial)
        ask = asks.ask_create(
            user=resident, initiative=detail, kind="organisational", title=f"Vraag {i}"
        )
        if i % 2:
            asks.ask_answer(user=connector, ask=ask, answer=f"Antwoord {i}", outcome="yes")
        asks.conflict_create(
            user=resident,
            initiative=detail,
            rule_kind="permit",
            rule=f"Vergunning {i}",
            description="Een hek op de stoep.",
        )
        member = _person(f"Teamlid {i}")
        join_team(inviter=resident, initiative=detail, person=member)
        team_organisation_add(
            user=resident, initiative=detail, name=f"Buurtbedrijf {i}", kind="social_enterprise"
        )
        team_invite(user=member, initiative=detail, email=f"gevraagd{i}@example.org")
        news.news_post(
            user=resident, initiative=detail, title=f"Nieuws {i}", text="Het gaat **goed**."
        )
        initiative_follow(user=_person(f"Volger {i}"), initiative=detail)
        initiative_respond(user=connector, initiative=detail, text=f"Reactie {i}")


def _small(region: Region) -> None:
    _decided(region, region.initiative, region.resident, granted=True)
    _on_the_detail_initiative(region, 2)
    _new_initiatives(region, SMALL - 1)
    for user in (region.resident, region.connector):
        api_token_create(user=user, name="Script")


def _grow(region: Region) -> None:
    _on_the_detail_initiative(region, 15)
    _new_initiatives(region, LARGE - SMALL)
    for user in (region.resident, region.connector):
        api_token_create(user=user, name="Nog een script")


# --- the measurements ------------------------------------------------------------------------

# The caches of production, both on.
CACHES_ON = {
    "PUBLIC_PAGE_CACHE_SECONDS": 60,
    "MAP_GEOJSON_CACHE_SECONDS": 300,
    "SHARED_FRAGMENT_CACHE_SECONDS": 300,
}
# Pages with parts shared between signed-in people (core.fragments): a warm read of them
# reads fewer queries than a cold one.
SHARED_PARTS = {"list", "search", "map_geojson", "detail", "api_list", "scheme", "municipality"}


@dataclass
class Reading:
    """What one case measured: the queries of a cold read with little and with much data,
    the status and queries of a warm read (right after the cold one, much data), and what
    went wrong, if anything."""

    url: str
    small: int | None = None
    large: int | None = None
    warm_status: int | None = None
    warm: int | None = None
    problem: str = ""


def _client(region: Region, who: str) -> Client:
    client = Client()
    if who == RESIDENT:
        client.force_login(region.resident)
    elif who == CONNECTOR:
        client.force_login(region.connector)
    return client


def _cold(client: Client, url: str) -> tuple[int, HttpResponse]:
    """The queries of one read that no cache answers, and its response."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(ctx.captured_queries), response


def _check_shows_the_data(region: Region, page: str, response: HttpResponse) -> None:
    """The large read shows the data that was added (so a flat count means something)."""
    body = response.content.decode()
    in_hengelo = Initiative.objects.filter(municipality=region.municipality)
    if page == "list":
        assert Initiative.objects.first().title in body
    elif page == "search":
        assert Initiative.objects.filter(title__startswith="Moestuin").first().title in body
    elif page == "map_geojson":
        assert len(response.json()["features"]) == in_hengelo.count()
    elif page == "detail":
        detail = region.initiative
        for latest in (
            detail.asks.last().title,
            detail.conflicts.last().rule,
            detail.news.first().title,
            detail.team.last().actor.name,
        ):
            assert latest in body, latest
    elif page == "api_list":
        assert response.json()["count"] == LARGE
    elif page == "scheme":
        decided = Application.objects.filter(scheme=region.scheme, decided_at__isnull=False)
        assert decided.count() > DECIDED_PAGE_SIZE  # so the page is full
        assert body.count('class="case__title"') == DECIDED_PAGE_SIZE
    elif page == "municipality":
        assert in_hengelo.first().title in body
    elif page == "account":
        assert "Nog een script" in body
    elif page == "queue":
        for ask in Ask.objects.filter(answered_at__isnull=True):
            assert ask.title in body, ask.title


def _measure(reading: Reading, step, *args) -> None:
    """Run one step of a case in a savepoint; a failure is the case's, not the module's."""
    if reading.problem:
        return
    try:
        with transaction.atomic():
            step(reading, *args)
    except Exception:  # noqa: BLE001 - reported by the case's own test
        reading.problem = traceback.format_exc()


def _read_every_case() -> dict[tuple[str, str], Reading]:
    region = _region()
    _small(region)
    clients = {who: _client(region, who) for who in PEOPLE}
    readings = {
        (page, who): Reading(url=path(region))
        for page, (path, people) in PAGES.items()
        for who in people
    }

    def small(reading: Reading, client: Client) -> None:
        client.get(reading.url)  # the first request of a client fills caches of its own
        reading.small = _cold(client, reading.url)[0]

    def large(reading: Reading, client: Client, page: str, who: str) -> None:
        reading.large, response = _cold(client, reading.url)
        _check_shows_the_data(region, page, response)
        with CaptureQueriesContext(connection) as ctx:
            reading.warm_status = client.get(reading.url).status_code
        reading.warm = len(ctx.captured_queries)

    for (_page, who), reading in readings.items():
        _measure(reading, small, clients[who])
    _grow(region)
    assert Initiative.objects.count() == LARGE
    for (page, who), reading in readings.items():
        _measure(reading, large, clients[who], page, who)
    return readings


@pytest.fixture(scope="module")
def readings(django_db_setup, django_db_blocker):
    """Every case read with the small data set, then every case again with the large one;
    the data is built once, in a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(**CACHES_ON):
        cache.clear()
        try:
            with transaction.atomic():
                found = _read_every_case()
                transaction.set_rollback(True)
        finally:
            cache.clear()
    return found


@pytest.mark.parametrize(("page", "who"), CASES)
def test_queries_do_not_grow_with_the_data(readings, page, who):
    reading = readings[(page, who)]
    assert not reading.problem, reading.problem
    assert reading.large == reading.small, (
        f"{reading.url} as {who}: {reading.small} queries with little data, "
        f"{reading.large} with much"
    )
    assert reading.warm_status == 200  # the second read, from the caches
    assert reading.warm <= reading.large
    if who == ANONYMOUS or page in SHARED_PARTS:
        assert reading.warm < reading.large, (
            f"{reading.url} as {who}: a warm read took {reading.warm} queries, a cold one "
            f"{reading.large}"
        )
