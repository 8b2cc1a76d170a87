"""The map page and its GeoJSON: the same initiatives as the filtered list, built cheaply."""

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spontaan.core import links
from spontaan.core.pagecache import touch
from spontaan.initiatives import mapdata
from spontaan.initiatives.models import Initiative

from .factories import FunctionFactory, InitiativeFactory

MAP = "/initiatieven/kaart/"
LIST = "/initiatieven/"
GEOJSON = "/api/v1/initiatives/geojson"
API = "/api/v1/initiatives"
CARD = re.compile(r'<h3><a class="utrecht-link" href="/initiatieven/(\d+)/">')


@pytest.fixture
def region(municipality, other_municipality, resident):
    """Initiatives in two towns, of several kinds, one without a location and one hidden that
    `resident` started."""
    garden = FunctionFactory(slug="moestuin")
    made = {
        "hengelo_idea": InitiativeFactory(municipality=municipality, title="Moestuin aan de Es"),
        "hengelo_running": InitiativeFactory(
            municipality=municipality, running=True, category="public_space", title="Plein"
        ),
        "borne_idea": InitiativeFactory(
            municipality=other_municipality, title="Buurtkamer", latitude=52.3, longitude=6.75
        ),
        "borne_running": InitiativeFactory(
            municipality=other_municipality,
            running=True,
            title="Repair café",
            latitude=52.31,
            longitude=6.74,
        ),
        "borne_nowhere": InitiativeFactory(
            municipality=other_municipality, title="Zonder plek", latitude=None, longitude=None
        ),
        "borne_hidden": InitiativeFactory(
            municipality=other_municipality,
            hidden=True,
            created_by=resident,
            title="Verborgen moestuin",
            latitude=52.29,
            longitude=6.76,
        ),
    }
    made["hengelo_idea"].functions.add(garden)
    made["borne_hidden"].functions.add(garden)
    return made


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _map_ids(client, query: str) -> set[int]:
    response = client.get(f"{GEOJSON}?{query}")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["clustered"] is False
    assert body["total"] == len(body["features"])
    return {f["properties"]["id"] for f in body["features"]}


def _list_ids(client, path: str, query: str) -> set[int]:
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    return {int(pk) for pk in CARD.findall(response.content.decode())}


def _located(ids: set[int]) -> set[int]:
    return set(
        Initiative.objects.filter(pk__in=ids, latitude__isnull=False).values_list("pk", flat=True)
    )


QUERIES = [
    "",
    "municipality=borne",
    "municipality=hengelo&status=running",
    "category=public_space",
    "function=moestuin",
    "q=moestuin",
    "q=MOESTUIN+es",
    "municipality=nergens",
    "status=niet-bestaand",  # invalid: the list ignores the filters, so does the map
]


@pytest.mark.parametrize("who", ["visitor", "team", "connector", "other_connector"])
def test_the_geojson_holds_exactly_the_filtered_lists_located_items(
    region, who, resident, connector, other_connector
):
    # given a visitor, the hidden initiative's initiator, or a connector of either town
    user = {
        "visitor": None,
        "team": resident,
        "connector": connector,  # Hengelo: not the hidden initiative's town
        "other_connector": other_connector,  # Borne: the hidden initiative's town
    }[who]
    client = _client(user)
    for query in QUERIES:
        # when they filter the list, the map page's list and the map
        in_list = _list_ids(client, LIST, query)
        # then the map shows the list's initiatives that have a location, no more, no fewer
        assert _map_ids(client, query) == _located(in_list), query
        assert _list_ids(client, MAP, query) == in_list, query
    # and the hidden initiative is on the map only for its team and its town's staff
    hidden = region["borne_hidden"].pk
    sees_hidden = who in {"team", "other_connector"}
    assert (hidden in _map_ids(client, "municipality=borne")) is sees_hidden
    assert (hidden in _map_ids(client, "function=moestuin")) is sees_hidden


def test_the_api_list_reads_the_filters_as_the_list_page(region, resident):
    client = _client(resident)
    for query in [q for q in QUERIES if "niet-bestaand" not in q]:
        items = client.get(f"{API}?{query}&page_size=100").json()["results"]
        assert {item["id"] for item in items} == _list_ids(client, LIST, query), query


def test_a_filtered_geojson_names_each_initiative_with_its_page(region):
    body = json.loads(Client().get(f"{GEOJSON}?municipality=borne&status=running").content)
    running = region["borne_running"]
    assert body["features"] == [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [6.74, 52.31]},
            "properties": {
                "id": running.pk,
                "title": "Repair café",
                "status": "running",
                "category": "activity",
                "municipality": "borne",
                "url": links.absolute_url(running.get_absolute_url()),
            },
        }
    ]


def test_above_the_limit_the_geojson_sends_clusters_with_counts(region, monkeypatch):
    # given a limit of 2 points
    monkeypatch.setattr(mapdata, "MAX_POINTS", 2)

    # when all 4 public located initiatives match
    body = json.loads(Client().get(GEOJSON).content)

    # then the answer is clusters that together count them all
    assert body["clustered"] is True
    assert body["total"] == 4
    assert all(f["properties"]["cluster"] for f in body["features"])
    assert sum(f["properties"]["count"] for f in body["features"]) == 4
    # Borne's two lie close together and Hengelo's two at one spot: not one marker each
    assert len(body["features"]) < 4
    # and a filter down to the limit gives the initiatives themselves
    assert _map_ids(Client(), "municipality=borne") == {
        region["borne_idea"].pk,
        region["borne_running"].pk,
    }


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("limit", [5000, 3], ids=["points", "clusters"])
def test_the_geojson_takes_as_many_queries_for_many_initiatives_as_for_few(
    municipality, other_municipality, resident, other_connector, monkeypatch, limit
):
    monkeypatch.setattr(mapdata, "MAX_POINTS", limit)
    garden = FunctionFactory(slug="moestuin")
    urls = [GEOJSON, f"{GEOJSON}?municipality=borne&function=moestuin&q=tuin"]
    clients = [_client(), _client(resident), _client(other_connector)]

    def add(n):
        for i in range(n):
            made = InitiativeFactory(
                municipality=other_municipality if i % 2 else municipality,
                title=f"Tuin {i}",
                latitude=52.2 + i / 100,
                created_by=resident,
                is_hidden=i % 5 == 0,
            )
            made.functions.add(garden)

    add(4)
    few = [_queries(c, url) for c in clients for url in urls]
    add(40)
    many = [_queries(c, url) for c in clients for url in urls]
    assert many == few


def test_the_geojson_is_cached_per_person_until_anything_changes(
    region, resident, settings, django_capture_on_commit_callbacks
):
    settings.MAP_GEOJSON_CACHE_SECONDS = 300
    from django.core.cache import cache

    cache.clear()
    visitor, team = _client(), _client(resident)
    hidden = region["borne_hidden"].pk
    # the team's answer is not the visitors' answer
    assert hidden in _map_ids(team, "municipality=borne")
    assert hidden not in _map_ids(visitor, "municipality=borne")
    # a second request is served from the cache (fewer queries)
    first = _queries(visitor, f"{GEOJSON}?municipality=borne")
    assert _queries(visitor, f"{GEOJSON}?municipality=borne") <= first
    # when anything changes, the next answer is fresh
    with django_capture_on_commit_callbacks(execute=True):
        Initiative.objects.filter(pk=hidden).update(is_hidden=False)
        touch("initiatives")  # as the moderation service does when it restores
    assert hidden in _map_ids(visitor, "municipality=borne")
    cache.clear()


def test_the_map_page_filters_in_place_with_htmx_and_without_javascript(region):
    client = Client()
    # without JavaScript: a plain GET shows the whole page, the narrowed list, and the map
    # reads the GeoJSON of the same filters
    page = client.get(f"{MAP}?municipality=borne&status=running").content.decode()
    assert page.count("<html") == 1
    assert (
        'data-geojson-url="/api/v1/initiatives/geojson?municipality=borne&amp;status=running"'
        in (page)
    )
    assert CARD.findall(page) == [str(region["borne_running"].pk)]

    # with htmx: the filter form gets only the list, with the new GeoJSON URL for the map
    fragment = client.get(
        f"{MAP}?municipality=borne", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    ).content.decode()
    assert "<html" not in fragment
    assert "<h1" not in fragment and 'data-map="geojson"' not in fragment
    assert 'data-map-source="/api/v1/initiatives/geojson?municipality=borne"' in fragment
    assert set(CARD.findall(fragment)) == {
        str(region["borne_idea"].pk),
        str(region["borne_running"].pk),
        str(region["borne_nowhere"].pk),
    }


def test_an_unknown_municipality_matches_nothing_on_the_page_as_in_the_api(region):
    page = Client().get(f"{LIST}?municipality=nergens").content.decode()
    assert CARD.findall(page) == []
    assert Client().get(f"{API}?municipality=nergens").json()["count"] == 0
