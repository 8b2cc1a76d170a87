"""The initiatives API, reading: list, GeoJSON, detail, timeline, asks and conflicts."""

import json

import pytest
from django.test import Client

from spontaan.accounts.tests.factories import UserFactory
from spontaan.actors.tests.factories import ActorFactory
from spontaan.initiatives.asks import ask_answer, ask_create, conflict_create
from spontaan.initiatives.models import Status, TimelineEvent
from spontaan.initiatives.services import initiative_respond, initiative_update
from spontaan.initiatives.tests.factories import (
    FunctionFactory,
    InitiativeFactory,
    TeamMemberFactory,
)

URL = "/api/v1/initiatives"

PERSONAL = ("anna@example.org", "bram@example.org", "carla@example.org", "@example.org")


def _assert_no_personal_data(response) -> None:
    body = response.content.decode()
    for needle in PERSONAL:
        assert needle not in body
    assert "email" not in body
    assert "created_by" not in body
    assert "answered_by" not in body


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def moestuin(db):
    return FunctionFactory(slug="moestuin", name_nl="moestuin", name_en="vegetable garden")


# --- list ----------------------------------------------------------------------------------


def test_anonymous_list_shows_visible_initiatives_newest_first(client, initiative, municipality):
    # given a visible initiative, an older one, and a hidden one
    older = InitiativeFactory(municipality=municipality, title="Ouder initiatief")
    older.created_at = initiative.created_at.replace(year=2020)
    older.save(update_fields=["created_at"])
    InitiativeFactory(municipality=municipality, title="Verborgen", hidden=True)

    # when a visitor lists initiatives
    response = client.get(URL)

    # then both visible ones are there, newest first, the hidden one is not
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["page"] == 1
    assert body["page_size"] == 20
    assert [r["title"] for r in body["results"]] == [initiative.title, "Ouder initiatief"]
    first = body["results"][0]
    assert first["id"] == initiative.pk
    assert first["municipality"] == "hengelo"
    assert first["status"] == "idea"
    assert first["category"] == "public_space"
    assert first["url"].endswith(f"/initiatieven/{initiative.pk}/")
    _assert_no_personal_data(response)


def test_list_filters_like_the_site(
    client, resident, initiative, municipality, other_municipality, moestuin
):
    # given initiatives that differ in municipality, category, status and function
    initiative_update(user=resident, initiative=initiative, data={"functions": ["moestuin"]})
    borne = InitiativeFactory(
        municipality=other_municipality,
        title="Speeltuin Borne",
        category="activity",
        status=Status.RUNNING,
    )

    def titles(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return [r["title"] for r in response.json()["results"]]

    # when filtering, then only the matching initiatives come back
    assert titles(municipality="borne") == [borne.title]
    assert titles(municipality="hengelo") == [initiative.title]
    assert titles(category="activity") == [borne.title]
    assert titles(status="running") == [borne.title]
    assert titles(function="moestuin") == [initiative.title]
    assert titles(q="speeltuin") == [borne.title]
    assert titles(q="moestuin hengelose") == [initiative.title]
    assert titles(municipality="nergens") == []
    result = client.get(URL, {"function": "moestuin"}).json()["results"][0]
    assert result["functions"] == ["moestuin"]


def test_list_pages(client, municipality):
    # given 25 initiatives
    for n in range(25):
        InitiativeFactory(municipality=municipality, title=f"Initiatief nummer {n}")

    # when reading pages of 10
    page1 = client.get(URL, {"page_size": 10}).json()
    page3 = client.get(URL, {"page_size": 10, "page": 3}).json()
    beyond = client.get(URL, {"page_size": 10, "page": 4}).json()

    # then the pages split the whole list without overlap
    assert page1["count"] == page3["count"] == 25
    assert len(page1["results"]) == 10
    assert len(page3["results"]) == 5
    assert beyond["results"] == []
    ids = {r["id"] for r in page1["results"]} | {r["id"] for r in page3["results"]}
    assert len(ids) == 15


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": "een"}, "page"),
        ({"page": 10**12}, "page"),
        ({"page_size": 101}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"category": "sport"}, "category"),
        ({"status": "unknown"}, "status"),
        ({"q": "x" * 201}, "q"),
        ({"q": "nul\x00teken"}, "q"),
        ({"municipality": "\x00"}, "municipality"),
    ],
)
def test_list_refuses_bad_parameters_with_the_field(client, initiative, params, field):
    # when the list is asked with a bad parameter
    response = client.get(URL, params)

    # then a 422 names the parameter
    assert response.status_code == 422
    body = response.json()
    assert body["message"]
    assert field in body["fields"]


# --- GeoJSON -------------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_without_personal_data(client, initiative, municipality):
    # given an initiative with a location, one without, and a hidden one
    InitiativeFactory(municipality=municipality, title="Zonder plek", latitude=None, longitude=None)
    InitiativeFactory(municipality=municipality, title="Verborgen", hidden=True)

    # when the GeoJSON is fetched
    response = client.get(f"{URL}/geojson")

    # then it holds the one located, visible initiative as a Point [lon, lat]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    body = json.loads(response.content)
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == 1
    feature = body["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [6.7931, 52.2655]}
    assert feature["properties"] == {
        "id": initiative.pk,
        "title": initiative.title,
        "status": "idea",
        "category": "public_space",
        "municipality": "hengelo",
        "url": f"http://127.0.0.1:8000/initiatieven/{initiative.pk}/",
    }
    _assert_no_personal_data(response)


# --- detail --------------------------------------------------------------------------------


def test_detail_for_a_visitor(client, initiative, moestuin, resident):
    # given an initiative with a function, an ask and a conflict
    initiative_update(
        user=resident,
        initiative=initiative,
        data={
            "functions": ["moestuin"],
            "address": "Marktstraat 1",
            "offers": "Groente voor de buurt",
        },
    )
    ask = ask_create(
        user=resident,
        initiative=initiative,
        kind="financial",
        title="Budget voor zaden",
        amount=300,
        is_small=True,
    )
    conflict = conflict_create(
        user=resident,
        initiative=initiative,
        rule_kind="zoning_plan",
        rule="Bestemmingsplan Es",
        description="Groen, geen moestuin",
    )

    # when a visitor reads it
    response = client.get(f"{URL}/{initiative.pk}")

    # then everything public is there, and nobody's e-mail address or account id
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == initiative.pk
    assert body["title"] == "Buurtmoestuin Hengelose Es"
    assert body["summary"] == "Een moestuin voor en door de buurt."
    assert "<strong>samen</strong>" in body["story_html"]
    assert body["status"] == "idea"
    assert body["status_label"]
    assert body["municipality"] == "hengelo"
    assert body["functions"] == ["moestuin"]
    assert body["address"] == "Marktstraat 1"
    assert body["offers"] == "Groente voor de buurt"
    assert (body["latitude"], body["longitude"]) == (52.2655, 6.7931)
    assert body["created_at"] and body["updated_at"]
    assert body["team"] == [
        {
            "id": initiative.team.get().pk,
            "name": "Anna Initiatief",
            "kind": "resident",
            "kind_label": body["team"][0]["kind_label"],
            "is_organisation": False,
            "is_initiator": True,
            "role": "",
        }
    ]
    assert [a["id"] for a in body["asks"]] == [ask.pk]
    assert body["asks"][0]["amount"] == 300
    assert body["asks"][0]["is_small"] is True
    assert body["asks"][0]["answer"] == ""
    assert body["asks"][0]["answered_at"] is None
    assert body["asks"][0]["waiting_since"] is not None
    assert [c["id"] for c in body["conflicts"]] == [conflict.pk]
    assert body["conflicts"][0]["rule"] == "Bestemmingsplan Es"
    assert body["waiting_since"] is not None  # the new initiative waits for its first answer
    assert body["allowed_transitions"] == []
    assert body["following"] is False
    assert body["follower_count"] == 1
    _assert_no_personal_data(response)
    # the id is the team term's (pinned above), not the account's; no key names an account
    assert not any("user" in key or "email" in key for m in body["team"] for key in m)


def test_detail_sanitises_the_story(client, resident, initiative):
    # given a story with a script
    initiative_update(
        user=resident,
        initiative=initiative,
        data={"story": "Hallo <script>alert(1)</script> **buurt**"},
    )

    # when read through the API
    body = client.get(f"{URL}/{initiative.pk}").json()

    # then the HTML carries no script
    assert "<script" not in body["story_html"]
    assert "<strong>buurt</strong>" in body["story_html"]


def test_detail_allowed_transitions_depend_on_who_asks(
    initiative, resident, connector, other_resident
):
    def transitions(user):
        client = Client()
        client.force_login(user)
        return client.get(f"{URL}/{initiative.pk}").json()["allowed_transitions"]

    # then the team, a connector and a stranger each see their own moves
    assert transitions(resident) == ["looking_for_partners", "running", "stopped"]
    assert transitions(connector) == ["looking_for_partners", "in_werkatelier"]
    assert transitions(other_resident) == []


def test_detail_waiting_since_clears_after_the_first_answer(
    client, initiative, connector, resident
):
    # given the municipality answered the initiative and its ask
    ask = ask_create(user=resident, initiative=initiative, kind="question", title="Mag dit?")
    initiative_respond(user=connector, initiative=initiative, text="Welkom!")
    assert client.get(f"{URL}/{initiative.pk}").json()["waiting_since"] is not None
    ask_answer(user=connector, ask=ask, answer="Ja, dat mag.", outcome="yes")

    # when the detail is read
    body = client.get(f"{URL}/{initiative.pk}").json()

    # then nothing waits any more, and the answer is public without its author's identity
    assert body["waiting_since"] is None
    assert body["asks"][0]["answer"] == "Ja, dat mag."
    assert body["asks"][0]["outcome"] == "yes"
    assert body["asks"][0]["answered_at"] is not None
    assert body["asks"][0]["waiting_since"] is None
    _assert_no_personal_data(client.get(f"{URL}/{initiative.pk}"))


def test_detail_keeps_the_stored_name_of_a_deleted_team_member(client, initiative):
    # given a team member whose account was deleted
    gone = UserFactory(deleted=True)
    actor = ActorFactory(name="Voormalig teamlid", user=gone)
    TeamMemberFactory(initiative=initiative, actor=actor, role="penningmeester")

    # when the detail is read
    body = client.get(f"{URL}/{initiative.pk}").json()

    # then the actor shows by its stored name, and no account data leaks
    assert {"name": "Voormalig teamlid", "role": "penningmeester"}.items() <= (
        body["team"][1].items()
    )
    assert gone.email not in json.dumps(body)


def test_hidden_initiative_is_404_for_the_public_but_not_for_its_team(
    initiative, resident, other_resident, connector, other_connector
):
    # given a hidden initiative
    initiative.is_hidden = True
    initiative.save(update_fields=["is_hidden"])

    def status(user, path=""):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client.get(f"{URL}/{initiative.pk}{path}").status_code

    # then visitors, other residents and other municipalities' connectors get 404
    for path in ("", "/timeline", "/asks", "/conflicts"):
        assert status(None, path) == 404
        assert status(other_resident, path) == 404
        assert status(other_connector, path) == 404
    # and the team and the municipality's own connector still see it
    assert status(resident) == 200
    assert status(connector) == 200
    # and it is in no public list or map
    assert Client().get(URL).json()["count"] == 0
    assert Client().get(f"{URL}/geojson").json()["features"] == []


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/999999", 404),
        ("/999999/timeline", 404),
        ("/999999/asks", 404),
        ("/999999/conflicts", 404),
        ("/abc", 422),
        ("/0", 422),
        (f"/{10**30}", 422),
    ],
)
def test_unknown_or_invalid_ids(client, db, path, code):
    # when an unknown or invalid id is asked for
    response = client.get(f"{URL}{path}")

    # then a JSON error comes back, never a server error
    assert response.status_code == code
    assert response.json()["message"]


# --- timeline, asks, conflicts -------------------------------------------------------------


def test_timeline_in_order_with_public_names(client, initiative, resident, connector):
    # given a response from the municipality after the start
    initiative_respond(user=connector, initiative=initiative, text="We denken mee.")

    # when the timeline is read
    response = client.get(f"{URL}/{initiative.pk}/timeline")

    # then the events come oldest first, named by public display name
    assert response.status_code == 200
    events = response.json()
    assert [e["kind"] for e in events] == ["created", "response"]
    assert events[0]["by"] == "Anna Initiatief"
    assert events[0]["on_behalf_of_municipality"] is False
    assert events[1]["by"] == "Carla Verbinder"
    assert events[1]["text"] == "We denken mee."
    assert events[1]["on_behalf_of_municipality"] is True
    assert events[1]["kind_label"]
    assert set(events[0]) == {
        "id",
        "kind",
        "kind_label",
        "created_at",
        "text",
        "data",
        "by",
        "on_behalf_of_municipality",
    }
    _assert_no_personal_data(response)


def test_timeline_names_a_deleted_account_neutrally(client, initiative):
    # given an event by an account that was deleted since
    gone = UserFactory(deleted=True)
    TimelineEvent.objects.create(initiative=initiative, kind="update", user=gone, text="Hoi")

    # when the timeline is read
    events = client.get(f"{URL}/{initiative.pk}/timeline").json()

    # then the event shows the neutral public name
    assert events[-1]["by"] == str(gone.public_name)
    assert events[-1]["by"]


def test_asks_and_conflicts_lists(client, initiative, resident):
    # given two asks and a conflict
    first = ask_create(
        user=resident,
        initiative=initiative,
        kind="communicative",
        title="Een bericht in de wijkkrant",
    )
    second = ask_create(
        user=resident,
        initiative=initiative,
        kind="legal_planning",
        title="Vergunning voor een hek",
        text="Anderhalve meter hoog",
    )
    conflict = conflict_create(
        user=resident,
        initiative=initiative,
        rule_kind="permit",
        rule="Omgevingsvergunning",
        description="Een hek",
    )

    # when the lists are read
    asks = client.get(f"{URL}/{initiative.pk}/asks")
    conflicts = client.get(f"{URL}/{initiative.pk}/conflicts")

    # then they hold the items in order
    assert asks.status_code == conflicts.status_code == 200
    assert [a["id"] for a in asks.json()] == [first.pk, second.pk]
    assert asks.json()[1]["text"] == "Anderhalve meter hoog"
    assert asks.json()[1]["kind"] == "legal_planning"
    assert [c["id"] for c in conflicts.json()] == [conflict.pk]
    assert conflicts.json()[0]["rule_kind"] == "permit"
    assert conflicts.json()[0]["waiting_since"] is not None
    _assert_no_personal_data(asks)
    _assert_no_personal_data(conflicts)
