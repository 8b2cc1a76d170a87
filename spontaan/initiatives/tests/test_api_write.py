"""The initiatives API, writing: create, change, status, asks, conflicts, follow.

Every write is tried by the right person (it works), by the wrong person (403/401, nothing
written) and with bad input (400/422 naming the fields, nothing written)."""

import pytest
from django.test import Client

from spontaan.clock.models import Clock
from spontaan.initiatives.asks import ask_create, conflict_create
from spontaan.initiatives.models import (
    Ask,
    Follow,
    Initiative,
    RuleConflict,
    Status,
    TeamMember,
    TimelineEvent,
)
from spontaan.initiatives.tests.factories import FunctionFactory, InitiativeFactory
from tests.api import MISSING, api
from tests.api import accepted as api_accepted
from tests.api import refused as api_refused
from tests.api import send as api_send

URL = "/api/v1/initiatives"


def rows() -> dict[str, int]:
    return {
        "initiatives": Initiative.objects.count(),
        "team": TeamMember.objects.count(),
        "follows": Follow.objects.count(),
        "events": TimelineEvent.objects.count(),
        "asks": Ask.objects.count(),
        "conflicts": RuleConflict.objects.count(),
        "clocks": Clock.objects.count(),
    }


def send(client: Client, method: str, path: str, body) -> object:
    return api_send(client, method, f"{URL}{path}", body)


def accepted(client: Client, method: str, path: str, body, status: int = 200):
    return api_accepted(client, method, f"{URL}{path}", body, status)


def refused(client: Client, method: str, path: str, body, status: int, field=None) -> dict:
    return api_refused(client, method, f"{URL}{path}", body, status, field, snapshot=rows)


@pytest.fixture
def moestuin(db):
    return FunctionFactory(slug="moestuin", name_nl="moestuin", name_en="vegetable garden")


NEW = {
    "municipality": "hengelo",
    "title": "Repair Café De Es",
    "summary": "Samen spullen repareren in het buurthuis.",
    "category": "activity",
    "story": "Elke **zaterdag**.",
    "functions": ["moestuin"],
    "address": "Esstraat 2, Hengelo",
    "latitude": 52.26,
    "longitude": 6.79,
    "offers": "Koffie en gereedschap",
}


# --- create --------------------------------------------------------------------------------


def test_create_with_a_token(municipality, resident, moestuin):
    # when a resident starts an initiative through the API
    response = accepted(api(resident), "post", "", NEW, status=201)

    # then it exists, with the resident in the team, and comes back as detail
    body = response.json()
    initiative = Initiative.objects.get(pk=body["id"])
    assert initiative.created_by == resident
    assert initiative.municipality == municipality
    assert body["title"] == "Repair Café De Es"
    assert body["status"] == "idea"
    assert body["functions"] == ["moestuin"]
    assert "<strong>zaterdag</strong>" in body["story_html"]
    assert (body["latitude"], body["longitude"]) == (52.26, 6.79)
    assert body["offers"] == "Koffie en gereedschap"
    assert body["team"][0]["name"] == "Anna Initiatief"
    assert body["following"] is True
    assert body["waiting_since"] is not None
    assert "running" in body["allowed_transitions"]
    assert "applied" not in body["allowed_transitions"]
    assert "anna@example.org" not in response.content.decode()


def test_create_with_the_session(municipality, resident):
    # given a resident logged in on the site
    client = Client()
    client.force_login(resident)

    # when the site's script creates an initiative with the session
    body = {k: v for k, v in NEW.items() if k != "functions"}
    accepted(client, "post", "", body, status=201)

    # then it works like with a token
    assert Initiative.objects.filter(title="Repair Café De Es", created_by=resident).exists()


def test_create_needs_authentication(municipality, moestuin):
    # when an anonymous client creates an initiative, then 401 and nothing is written
    refused(api(), "post", "", NEW, 401)


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"title": MISSING}, 422, "title"),
        ({"summary": MISSING}, 422, "summary"),
        ({"category": MISSING}, 422, "category"),
        ({"municipality": MISSING}, 422, "municipality"),
        ({"title": ""}, 400, "title"),
        ({"title": "   "}, 400, "title"),
        ({"title": "t" * 141}, 400, "title"),
        ({"summary": "s" * 301}, 400, "summary"),
        ({"category": "sport"}, 422, "category"),
        ({"latitude": 48.85, "longitude": 2.35}, 400, "latitude"),  # Paris
        ({"latitude": 52.2, "longitude": None}, 400, "latitude"),
        ({"functions": ["moestuin", "ruimteschip"]}, 400, "functions"),
        ({"municipality": "atlantis"}, 400, "municipality"),
        ({"title": 123}, 422, "title"),
        ({"latitude": "noord"}, 422, "latitude"),
        ({"functions": "moestuin"}, 422, "functions"),
        ({"functions": [1, 2]}, 422, "functions.0"),
        ({"title": "Nul\x00teken"}, 422, "title"),
        ({"status": "granted"}, 422, "status"),  # not a field one can set
    ],
)
def test_create_refuses_bad_input(municipality, resident, moestuin, change, status, field):
    # given a valid body with one thing wrong (or left out)
    body = {k: v for k, v in {**NEW, **change}.items() if v is not MISSING}

    # when it is sent, then the error names the field, and nothing is written
    refused(api(resident), "post", "", body, status, field)


def test_create_refuses_a_body_that_is_not_json(municipality, resident):
    before = rows()

    # when the body cannot be parsed
    response = api(resident).post(URL, data="{title:", content_type="application/json")

    # then a client error, not a server error, and nothing is written
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert rows() == before


def test_create_refuses_a_json_list(municipality, resident):
    assert refused(api(resident), "post", "", [NEW], 422)["fields"]


# --- change --------------------------------------------------------------------------------


def test_team_changes_only_the_fields_sent(initiative, resident, moestuin):
    # when the initiator changes the title and the functions
    response = accepted(
        api(resident),
        "patch",
        f"/{initiative.pk}",
        {"title": "Moestuin De Es", "functions": ["moestuin"]},
    )

    # then those change, the rest stays, and the change is on the timeline
    body = response.json()
    assert body["title"] == "Moestuin De Es"
    assert body["functions"] == ["moestuin"]
    assert body["summary"] == "Een moestuin voor en door de buurt."
    assert body["latitude"] == 52.2655
    initiative.refresh_from_db()
    assert initiative.title == "Moestuin De Es"
    event = TimelineEvent.objects.filter(initiative=initiative).last()
    assert event.kind == "updated"
    assert event.data == {"fields": ["functions", "title"]}


def test_patch_can_remove_the_location(initiative, resident):
    response = accepted(
        api(resident), "patch", f"/{initiative.pk}", {"latitude": None, "longitude": None}
    )
    assert response.json()["latitude"] is None
    initiative.refresh_from_db()
    assert initiative.latitude is None and initiative.longitude is None


def test_other_resident_cannot_change_an_initiative(initiative, other_resident):
    # when someone outside the team changes the title, then 403 and nothing changes
    refused(api(other_resident), "patch", f"/{initiative.pk}", {"title": "Van mij"}, 403)
    initiative.refresh_from_db()
    assert initiative.title == "Buurtmoestuin Hengelose Es"


def test_anonymous_cannot_change_an_initiative(initiative):
    response = send(api(), "patch", f"/{initiative.pk}", {"title": "Van mij"})
    assert response.status_code == 401
    initiative.refresh_from_db()
    assert initiative.title == "Buurtmoestuin Hengelose Es"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"title": ""}, 400, "title"),
        ({"title": None}, 400, "title"),
        ({"title": "t" * 141}, 400, "title"),
        ({"category": "sport"}, 422, "category"),
        ({"latitude": 40.0, "longitude": 6.8}, 400, "latitude"),
        ({"latitude": 52.3}, 400, "latitude"),  # only half a point
        ({"functions": ["ruimteschip"]}, 400, "functions"),
        ({"title": ["lijst"]}, 422, "title"),
        ({"latitude": {"lat": 52}}, 422, "latitude"),
        ({"status": "running"}, 422, "status"),
        ({"municipality": "borne"}, 422, "municipality"),
    ],
)
def test_patch_refuses_bad_input(initiative, resident, body, status, field):
    # when a bad change is sent, then the error names the field and nothing is written
    refused(api(resident), "patch", f"/{initiative.pk}", body, status, field)
    initiative.refresh_from_db()
    assert initiative.title == "Buurtmoestuin Hengelose Es"
    assert initiative.latitude == 52.2655
    assert initiative.status == Status.IDEA


def test_patch_of_unknown_initiative_is_404(resident, db):
    response = send(api(resident), "patch", "/987654", {"title": "Nieuw"})
    assert response.status_code == 404


# --- status --------------------------------------------------------------------------------


def test_team_moves_its_initiative_on(initiative, resident):
    # when the initiator looks for partners
    response = accepted(
        api(resident),
        "post",
        f"/{initiative.pk}/transition",
        {"status": "looking_for_partners", "note": "Wie doet mee?"},
    )

    # then the status changes and the timeline says so
    assert response.json()["status"] == "looking_for_partners"
    initiative.refresh_from_db()
    assert initiative.status == Status.LOOKING_FOR_PARTNERS
    event = TimelineEvent.objects.filter(initiative=initiative).last()
    assert (event.kind, event.text) == ("status", "Wie doet mee?")


def test_grant_statuses_are_not_set_by_hand(initiative, resident, programme_manager):
    # "applied", "granted" and "not granted" follow a real application in the tender
    for user, status in (
        (resident, "applied"),
        (programme_manager, "granted"),
        (programme_manager, "not_granted"),
    ):
        body = {"status": status, "note": "Met de hand."}
        refused(api(user), "post", f"/{initiative.pk}/transition", body, 400, "status")
    initiative.refresh_from_db()
    assert initiative.status == Status.IDEA


def test_stranger_may_not_change_the_status(initiative, other_resident, other_connector):
    for user in (other_resident, other_connector):
        response = send(
            api(user), "post", f"/{initiative.pk}/transition", {"status": "looking_for_partners"}
        )
        assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.status == Status.IDEA


def test_transition_needs_authentication(initiative):
    response = send(api(), "post", f"/{initiative.pk}/transition", {"status": "stopped"})
    assert response.status_code == 401
    initiative.refresh_from_db()
    assert initiative.status == Status.IDEA


@pytest.mark.parametrize(
    ("user_fixture", "body", "status", "field"),
    [
        ("resident", {"status": "granted", "note": "Zelf"}, 400, "status"),  # idea ↛ granted
        ("resident", {"status": "idea"}, 400, "status"),  # already
        ("resident", {"status": "stopped"}, 400, "note"),  # an ending needs a reason
        ("resident", {"status": "stopped", "note": "n" * 4001}, 400, "note"),
        ("resident", {"status": "flying"}, 422, "status"),
        ("resident", {}, 422, "status"),
        ("resident", {"status": 3}, 422, "status"),
        ("resident", {"status": "stopped", "note": ["x"]}, 422, "note"),
    ],
)
def test_transition_refuses_bad_input(request, initiative, user_fixture, body, status, field):
    client = api(request.getfixturevalue(user_fixture))
    refused(client, "post", f"/{initiative.pk}/transition", body, status, field)
    initiative.refresh_from_db()
    assert initiative.status == Status.IDEA


# --- asks ----------------------------------------------------------------------------------


def test_team_asks_and_the_connector_answers(initiative, resident, connector):
    # when the team asks for a small thing
    response = accepted(
        api(resident),
        "post",
        f"/{initiative.pk}/asks",
        {
            "kind": "financial",
            "title": "Zaaigoed",
            "text": "Voor het voorjaar",
            "is_small": True,
            "amount": 150,
        },
        status=201,
    )

    # then the ask exists and waits on the municipality
    ask = response.json()
    assert ask["title"] == "Zaaigoed"
    assert ask["is_small"] is True
    assert ask["amount"] == 150
    assert ask["waiting_since"] is not None
    assert ask["due_on"] is not None
    assert Ask.objects.filter(pk=ask["id"], initiative=initiative).exists()

    # when the municipality's connector answers it
    response = accepted(
        api(connector),
        "post",
        f"/asks/{ask['id']}/answer",
        {"answer": "Komt eraan.", "outcome": "yes"},
    )

    # then the answer is recorded and the clock stops
    answered = response.json()
    assert answered["answer"] == "Komt eraan."
    assert answered["outcome"] == "yes"
    assert answered["answered_at"] is not None
    assert answered["waiting_since"] is None
    assert Clock.objects.get(kind="ask", subject_id=ask["id"]).first_answered_at is not None


def test_connector_of_another_municipality_cannot_answer_an_ask(
    initiative, resident, other_connector
):
    ask = ask_create(user=resident, initiative=initiative, kind="question", title="Mag dit?")
    answer = {"answer": "Ja hoor.", "outcome": "yes"}

    refused(api(other_connector), "post", f"/asks/{ask.pk}/answer", answer, 403)

    ask.refresh_from_db()
    assert ask.answer == "" and ask.answered_at is None


def test_resident_cannot_answer_an_ask(initiative, resident):
    ask = ask_create(user=resident, initiative=initiative, kind="question", title="Mag dit?")
    response = send(
        api(resident), "post", f"/asks/{ask.pk}/answer", {"answer": "Van mezelf.", "outcome": "yes"}
    )
    assert response.status_code == 403
    ask.refresh_from_db()
    assert ask.answered_at is None


def test_outsiders_cannot_ask_for_an_initiative(initiative, other_resident):
    path = f"/{initiative.pk}/asks"
    refused(api(other_resident), "post", path, {"kind": "question", "title": "Namens hen"}, 403)
    refused(api(), "post", path, {"kind": "question", "title": "Anoniem"}, 401)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "question"}, 422, "title"),
        ({"title": "Iets"}, 422, "kind"),
        ({"kind": "magic", "title": "Iets"}, 422, "kind"),
        ({"kind": "question", "title": ""}, 400, "title"),
        ({"kind": "question", "title": "t" * 141}, 400, "title"),
        ({"kind": "financial", "title": "Geld", "amount": -5}, 400, "amount"),
        ({"kind": "financial", "title": "Geld", "amount": "veel"}, 422, "amount"),
        ({"kind": "financial", "title": "Geld", "amount": 10**30}, 400, "amount"),
        (
            {"kind": "financial", "title": "Geld", "is_small": True, "amount": 99999},
            400,
            "amount",
        ),  # above the fast-lane limit
        ({"kind": "question", "title": "Iets", "is_small": "misschien"}, 422, "is_small"),
    ],
)
def test_ask_refuses_bad_input(initiative, resident, body, status, field):
    refused(api(resident), "post", f"/{initiative.pk}/asks", body, status, field)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"outcome": "yes"}, 422, "answer"),
        ({"answer": "Ja"}, 422, "outcome"),
        ({"answer": "Ja", "outcome": "perhaps"}, 422, "outcome"),
        ({"answer": "  ", "outcome": "yes"}, 400, "answer"),
        ({"answer": "a" * 4001, "outcome": "yes"}, 400, "answer"),
    ],
)
def test_ask_answer_refuses_bad_input(initiative, resident, connector, body, status, field):
    ask = ask_create(user=resident, initiative=initiative, kind="question", title="Mag dit?")
    refused(api(connector), "post", f"/asks/{ask.pk}/answer", body, status, field)
    ask.refresh_from_db()
    assert ask.answered_at is None


def test_answering_an_unknown_or_hidden_ask_is_404(initiative, resident, other_connector):
    ask = ask_create(user=resident, initiative=initiative, kind="question", title="Mag dit?")
    initiative.is_hidden = True
    initiative.save(update_fields=["is_hidden"])
    client = api(other_connector)
    body = {"answer": "Ja", "outcome": "yes"}
    assert send(client, "post", f"/asks/{ask.pk}/answer", body).status_code == 404
    assert send(client, "post", "/asks/424242/answer", body).status_code == 404
    ask.refresh_from_db()
    assert ask.answered_at is None


# --- conflicts with rules ------------------------------------------------------------------


def test_team_flags_a_conflict_and_the_connector_answers(initiative, resident, connector):
    response = accepted(
        api(resident),
        "post",
        f"/{initiative.pk}/conflicts",
        {
            "rule_kind": "zoning_plan",
            "rule": "Bestemmingsplan Hengelo-Es",
            "description": "Het perceel is bestemd als 'groen'.",
        },
        status=201,
    )
    conflict = response.json()
    assert conflict["rule"] == "Bestemmingsplan Hengelo-Es"
    assert conflict["waiting_since"] is not None

    response = accepted(
        api(connector),
        "post",
        f"/conflicts/{conflict['id']}/answer",
        {"answer": "We gedogen een moestuin.", "outcome": "room_given"},
    )
    assert response.json()["outcome"] == "room_given"
    stored = RuleConflict.objects.get(pk=conflict["id"])
    assert stored.answer == "We gedogen een moestuin."
    assert stored.answered_at is not None


def test_conflict_permissions(initiative, resident, other_resident, other_connector):
    body = {"rule_kind": "permit", "rule": "APV", "description": "Geen hek"}
    refused(api(other_resident), "post", f"/{initiative.pk}/conflicts", body, 403)
    refused(api(), "post", f"/{initiative.pk}/conflicts", body, 401)

    conflict = conflict_create(
        user=resident, initiative=initiative, rule_kind="permit", rule="APV", description="Geen hek"
    )
    answer = {"answer": "Mag niet.", "outcome": "not_possible"}
    refused(api(other_connector), "post", f"/conflicts/{conflict.pk}/answer", answer, 403)
    conflict.refresh_from_db()
    assert conflict.answered_at is None
    refused(api(other_connector), "post", "/conflicts/999999/answer", answer, 404)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"rule": "APV", "description": "x"}, 422, "rule_kind"),
        ({"rule_kind": "law", "rule": "APV", "description": "x"}, 422, "rule_kind"),
        ({"rule_kind": "permit", "rule": "", "description": "x"}, 400, "rule"),
        ({"rule_kind": "permit", "rule": "r" * 201, "description": "x"}, 400, "rule"),
        ({"rule_kind": "permit", "rule": "APV", "description": " "}, 400, "description"),
        ({"rule_kind": "permit", "rule": "APV"}, 422, "description"),
        ({"rule_kind": "permit", "rule": 5, "description": "x"}, 422, "rule"),
    ],
)
def test_conflict_refuses_bad_input(initiative, resident, body, status, field):
    refused(api(resident), "post", f"/{initiative.pk}/conflicts", body, status, field)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"answer": "Ja", "outcome": "yes"}, 422, "outcome"),  # an ask outcome
        ({"answer": "", "outcome": "adjust"}, 400, "answer"),
        ({"outcome": "adjust"}, 422, "answer"),
    ],
)
def test_conflict_answer_refuses_bad_input(initiative, resident, connector, body, status, field):
    conflict = conflict_create(
        user=resident, initiative=initiative, rule_kind="permit", rule="APV", description="Geen hek"
    )
    refused(api(connector), "post", f"/conflicts/{conflict.pk}/answer", body, status, field)
    conflict.refresh_from_db()
    assert conflict.answered_at is None


# --- follow --------------------------------------------------------------------------------


def test_follow_and_unfollow(initiative, other_resident):
    client = api(other_resident)

    response = client.post(f"{URL}/{initiative.pk}/follow")
    assert response.status_code == 200
    assert response.json() == {"following": True}
    assert Follow.objects.filter(initiative=initiative, user=other_resident).exists()
    assert client.post(f"{URL}/{initiative.pk}/follow").status_code == 200  # idempotent
    assert Follow.objects.filter(initiative=initiative, user=other_resident).count() == 1
    detail = client.get(f"{URL}/{initiative.pk}").json()
    assert detail["following"] is True
    assert detail["follower_count"] == 2

    response = client.delete(f"{URL}/{initiative.pk}/follow")
    assert response.status_code == 200
    assert response.json() == {"following": False}
    assert not Follow.objects.filter(initiative=initiative, user=other_resident).exists()


def test_follow_needs_an_account_and_a_visible_initiative(municipality, other_resident):
    hidden = InitiativeFactory(municipality=municipality, hidden=True)
    visible = InitiativeFactory(municipality=municipality)
    before = rows()
    assert api().post(f"{URL}/{visible.pk}/follow").status_code == 401
    assert api().delete(f"{URL}/{visible.pk}/follow").status_code == 401
    assert api(other_resident).post(f"{URL}/{hidden.pk}/follow").status_code == 404
    assert api(other_resident).post(f"{URL}/555555/follow").status_code == 404
    assert rows() == before
