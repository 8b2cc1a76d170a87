"""The initiatives API: authentication, CSRF, the OpenAPI document, and SQL queries that do
not grow with the data."""

import pytest
from django.conf import settings
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spontaan.accounts.tokens import token_create
from spontaan.initiatives.asks import ask_create
from spontaan.initiatives.models import Ask, Initiative, TeamMember
from spontaan.initiatives.tests.factories import FunctionFactory, InitiativeFactory

URL = "/api/v1/initiatives"


def bearer(user) -> dict[str, str]:
    _, raw = token_create(user=user, name="tests")
    return {"Authorization": f"Bearer {raw}"}


# --- authentication ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["Bearer spt_not-a-real-token", "Bearer ", "Bearer x" * 50, "Token spt_abc", "Basic YTpi"],
)
def test_a_wrong_token_is_refused_also_on_reads(initiative, resident, header):
    before = Initiative.objects.count()
    client = Client(headers={"Authorization": header})

    # when a request carries a wrong token, then it is refused, never treated as anonymous
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/{initiative.pk}").status_code == 401
    response = client.post(
        URL,
        {"municipality": "hengelo", "title": "T", "summary": "S", "category": "other"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json()["message"]
    assert Initiative.objects.count() == before


def test_a_valid_token_reads_as_its_user(initiative, resident, other_resident):
    # given a hidden initiative of the resident
    initiative.is_hidden = True
    initiative.save(update_fields=["is_hidden"])

    # then the resident's token sees it and another resident's does not
    assert Client(headers=bearer(resident)).get(f"{URL}/{initiative.pk}").status_code == 200
    assert Client(headers=bearer(other_resident)).get(f"{URL}/{initiative.pk}").status_code == 404
    assert Client(headers=bearer(resident)).get(URL).json()["count"] == 1
    assert Client(headers=bearer(other_resident)).get(URL).json()["count"] == 0


def test_a_token_of_a_deleted_account_is_refused(initiative, resident):
    headers = bearer(resident)
    resident.is_active = False
    resident.save(update_fields=["is_active"])
    response = Client(headers=headers).post(f"{URL}/{initiative.pk}/follow")
    assert response.status_code == 401


# --- CSRF ----------------------------------------------------------------------------------


def test_session_write_without_csrf_token_is_refused(municipality, resident):
    # given a logged-in browser session that checks CSRF like a real browser
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    body = {
        "municipality": "hengelo",
        "title": "Via de sessie",
        "summary": "Een test",
        "category": "other",
    }
    before = Initiative.objects.count()

    # when a script posts without the CSRF token
    response = client.post(URL, body, content_type="application/json")

    # then it is refused and nothing is written
    assert response.status_code == 403
    assert Initiative.objects.count() == before

    # and with the token the same request works
    secret = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    response = client.post(
        URL, body, content_type="application/json", headers={"X-CSRFToken": secret}
    )
    assert response.status_code == 201, response.content
    assert Initiative.objects.count() == before + 1


def test_session_reads_need_no_csrf_token(initiative, resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert client.get(f"{URL}/{initiative.pk}").status_code == 200


def test_a_token_write_needs_no_csrf_token(municipality, resident):
    client = Client(enforce_csrf_checks=True, headers=bearer(resident))
    response = client.post(
        URL,
        {
            "municipality": "hengelo",
            "title": "Met een token",
            "summary": "Een test",
            "category": "other",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


# --- OpenAPI -------------------------------------------------------------------------------


def test_openapi_lists_the_initiative_paths(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    expected = {
        "/api/v1/initiatives": {"get", "post"},
        "/api/v1/initiatives/geojson": {"get"},
        "/api/v1/initiatives/{initiative_id}": {"get", "patch"},
        "/api/v1/initiatives/{initiative_id}/photo": {"post", "delete"},
        "/api/v1/initiatives/{initiative_id}/transition": {"post"},
        "/api/v1/initiatives/{initiative_id}/timeline": {"get"},
        "/api/v1/initiatives/{initiative_id}/asks": {"get", "post"},
        "/api/v1/initiatives/asks/{ask_id}/answer": {"post"},
        "/api/v1/initiatives/{initiative_id}/conflicts": {"get", "post"},
        "/api/v1/initiatives/conflicts/{conflict_id}/answer": {"post"},
        "/api/v1/initiatives/{initiative_id}/follow": {"post", "delete"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    # and the public output schemas hold no personal data
    schemas = document["components"]["schemas"]
    for name in (
        "InitiativeDetailOut",
        "InitiativeListItemOut",
        "TimelineEventOut",
        "AskOut",
        "ConflictOut",
        "TeamMemberOut",
    ):
        properties = set(schemas[name]["properties"])
        assert not properties & {"email", "user", "user_id", "created_by", "answered_by"}, name


# --- queries do not grow with the data -----------------------------------------------------


def _make_initiatives(n: int, municipality, user, functions) -> None:
    objs = Initiative.objects.bulk_create(
        [
            Initiative(
                municipality=municipality,
                created_by=user,
                title=f"Initiatief {i}",
                summary="Een plek om elkaar te ontmoeten.",
                category="activity",
                latitude=52.2 + i / 100000,
                longitude=6.8,
            )
            for i in range(n)
        ]
    )
    through = Initiative.functions.through
    through.objects.bulk_create(
        [through(initiative_id=o.pk, function_id=f.pk) for o in objs for f in functions]
    )


def _count_queries(client: Client, path: str, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["anonymous", "token", "session"])
@pytest.mark.parametrize(
    ("path", "params"),
    [
        (URL, {}),
        (URL, {"page_size": 100}),
        (URL, {"municipality": "hengelo", "q": "initiatief"}),
        (f"{URL}/geojson", {}),
    ],
)
def test_list_queries_do_not_grow_with_the_data(
    municipality, resident, connector, who, path, params
):
    functions = [FunctionFactory(slug="moestuin"), FunctionFactory(slug="buurthuis")]
    _make_initiatives(10, municipality, resident, functions)
    if who == "anonymous":
        client = Client()
    elif who == "token":
        client = Client(headers=bearer(connector))
    else:
        client = Client()
        client.force_login(connector)
    _count_queries(client, path, params)  # warm up (token last-used, session)

    # when the list is read with 10 and with 1,000 initiatives
    with_10 = _count_queries(client, path, params)
    _make_initiatives(990, municipality, resident, functions)
    with_1000 = _count_queries(client, path, params)

    # then the number of queries is the same
    assert with_10 == with_1000
    assert with_10 <= 8
    if path == URL:
        body = client.get(path, params).json()
        assert body["count"] == 1000
        assert body["results"][0]["functions"] == ["buurthuis", "moestuin"]


def test_detail_queries_do_not_grow_with_asks_and_team(initiative, resident, municipality):
    from spontaan.actors.tests.factories import ActorFactory

    client = Client()
    ask_create(user=resident, initiative=initiative, kind="question", title="Eerste vraag")
    with_1 = _count_queries(client, f"{URL}/{initiative.pk}")
    timeline_short = _count_queries(client, f"{URL}/{initiative.pk}/timeline")
    for n in range(20):
        ask_create(user=resident, initiative=initiative, kind="question", title=f"Vraag {n}")
        TeamMember.objects.create(initiative=initiative, actor=ActorFactory(name=f"Lid {n}"))
    assert Ask.objects.filter(initiative=initiative).count() == 21
    with_21 = _count_queries(client, f"{URL}/{initiative.pk}")
    assert with_1 == with_21
    assert _count_queries(client, f"{URL}/{initiative.pk}/timeline") == timeline_short
    assert len(client.get(f"{URL}/{initiative.pk}/timeline").json()) == 22  # created + 21 asks


def test_hidden_rows_stay_out_of_the_counts(municipality):
    InitiativeFactory.create_batch(3, municipality=municipality)
    InitiativeFactory.create_batch(2, municipality=municipality, hidden=True)
    assert Client().get(URL).json()["count"] == 3
