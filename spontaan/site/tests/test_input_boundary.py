"""The input boundary at the edge of the site: the JSON API (finding 8 and parts of 10 of the
security probe, see SECURITY.md) and the forms. Every refusal is a 4xx in the API's JSON
error format, and nothing is written."""

import json

import pytest
from django.test import Client

from spontaan.core import api_boundary
from spontaan.initiatives.models import Ask, Initiative, RuleConflict, TimelineEvent
from spontaan.initiatives.tests.factories import FunctionFactory
from tests.api import api

pytestmark = pytest.mark.django_db

URL = "/api/v1/initiatives"
NEW = {
    "municipality": "hengelo",
    "title": "Repair Café De Es",
    "summary": "Samen repareren.",
    "category": "activity",
}


def rows() -> dict[str, int]:
    return {
        "initiatives": Initiative.objects.count(),
        "asks": Ask.objects.count(),
        "conflicts": RuleConflict.objects.count(),
        "events": TimelineEvent.objects.count(),
    }


def raw_post(client: Client, path: str, body: str, content_type="application/json"):
    return client.post(path, body, content_type=content_type)


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert body["message"]
    return body


# --- finding 8: lone surrogates in JSON text ---------------------------------------------------


def _lone_surrogate(body: dict, field: str) -> str:
    """The body as JSON with `field` ending in the escape of a lone surrogate."""
    text = json.dumps({**body, field: "a"})
    return text.replace(f'"{field}": "a"', f'"{field}": "a\\ud800"')


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("", NEW, "title"),
        ("/{id}/asks", {"kind": "question", "title": "Mag dit?"}, "title"),
        ("/{id}/asks", {"kind": "question", "title": "Mag dit?"}, "text"),
        (
            "/{id}/conflicts",
            {"rule_kind": "permit", "rule": "APV 2:10", "description": "Te streng."},
            "description",
        ),
        ("/{id}/transition", {"status": "active"}, "note"),
    ],
)
def test_lone_surrogate_in_json_text_is_422_not_500(
    resident, municipality, initiative, path, body, field
):
    before = rows()
    response = raw_post(
        api(resident), URL + path.format(id=initiative.pk), _lone_surrogate(body, field)
    )
    error = assert_json_error(response, 422)
    assert field in error["fields"]
    assert rows() == before


def test_lone_surrogate_in_a_json_key_or_list_is_422(resident, municipality):
    client = api(resident)
    body = json.dumps({**NEW, "functions": ["a"]}).replace('["a"]', '["a\\udfff"]')
    assert "functions.0" in assert_json_error(raw_post(client, URL, body), 422)["fields"]
    body = json.dumps({**NEW, "x": 1}).replace('"x"', '"\\ud800"')
    assert_json_error(raw_post(client, URL, body), 422)


def test_nan_is_not_a_json_number(resident, municipality):
    body = json.dumps({**NEW, "latitude": 52.2, "longitude": 6.8}).replace("52.2", "NaN")
    assert_json_error(raw_post(api(resident), URL, body), 400)


# --- finding 10: invisible titles, numbers that are booleans ---------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "\u200b\u200b\u200b",  # only zero-width spaces
        "\ufeff",  # a BOM
        "\u200d\u00ad",  # a zero-width joiner and a soft hyphen
        "Repair \u202eéfaC",  # a right-to-left override
        "Z" + "\u0336" * 130,  # 130 combining marks
        "Repair\x1bCafé",  # a control character
    ],
)
def test_titles_that_show_nothing_or_mislead_are_refused_by_the_api(resident, municipality, title):
    before = rows()
    response = api(resident).post(URL, {**NEW, "title": title}, content_type="application/json")
    error = assert_json_error(response, 422)
    assert "title" in error["fields"]
    assert rows() == before


def test_titles_that_show_nothing_are_refused_by_the_service_behind_the_form(
    client, resident, municipality
):
    client.force_login(resident)
    response = client.post(
        "/initiatieven/nieuw/",
        {
            "municipality": "hengelo",
            "title": "\u200b\ufeff",
            "summary": "Samen repareren.",
            "category": "activity",
        },
    )
    assert response.status_code == 400
    assert not Initiative.objects.exists()


def test_api_text_is_stored_in_nfc(resident, municipality):
    response = api(resident).post(
        URL, {**NEW, "title": "Repair Cafe\u0301"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert Initiative.objects.get().title == "Repair Caf\u00e9"


@pytest.mark.parametrize("amount", [True, False, "5", 5.5])
def test_amount_true_is_not_one_euro(resident, initiative, amount):
    before = rows()
    response = api(resident).post(
        f"{URL}/{initiative.pk}/asks",
        {"kind": "financial", "title": "Geld", "amount": amount},
        content_type="application/json",
    )
    error = assert_json_error(response, 422)
    assert "amount" in error["fields"]
    assert rows() == before


@pytest.mark.parametrize("flag", [1, "true", "yes"])
def test_a_flag_is_a_boolean_not_a_number_or_text(resident, initiative, flag):
    response = api(resident).post(
        f"{URL}/{initiative.pk}/asks",
        {"kind": "financial", "title": "Geld", "is_small": flag},
        content_type="application/json",
    )
    assert "is_small" in assert_json_error(response, 422)["fields"]


def test_a_location_is_not_a_boolean(resident, municipality):
    response = api(resident).post(
        URL, {**NEW, "latitude": True, "longitude": True}, content_type="application/json"
    )
    assert "latitude" in assert_json_error(response, 422)["fields"]


# --- the API's boundary: content type, size, methods, paths ----------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""],
)
def test_json_sent_as_another_content_type_is_415(resident, municipality, content_type):
    response = raw_post(api(resident), URL, json.dumps(NEW), content_type=content_type)
    assert_json_error(response, 415)
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "application/merge-patch+json"]
)
def test_json_content_types_are_accepted(resident, municipality, content_type):
    response = raw_post(api(resident), URL, json.dumps(NEW), content_type=content_type)
    assert response.status_code == 201, response.content


def test_a_body_over_the_size_limit_is_413_in_json(resident, municipality, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({**NEW, "story": "x" * 2000})
    assert_json_error(raw_post(api(resident), URL, body), 413)
    assert not Initiative.objects.exists()


def test_the_boundary_leaves_a_multipart_body_to_the_upload_limits(settings, rf):
    # files count towards the upload limits, not DATA_UPLOAD_MAX_MEMORY_SIZE
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    request = rf.post(f"{URL}/1/photo", {"photo": "x" * 2000})  # multipart/form-data
    assert api_boundary._refusal(request) is None
    request = rf.post(f"{URL}/1/photo", {"photo": "x" * 2000}, content_type="application/json")
    assert api_boundary._refusal(request).status_code == 413


def test_a_body_the_api_reads_over_the_size_limit_is_413_in_json(resident, municipality, settings):
    # past the middleware's check of Content-Length too: Django refuses while reading
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "ApiBoundary" not in m]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({**NEW, "story": "x" * 2000})
    assert_json_error(raw_post(api(resident), URL, body), 413)


def test_an_unknown_api_path_is_404_in_json(client):
    for path in ("/api/v1/nothing", "/api/v1/initiatives/1/nothing", "/api/v1/"):
        assert assert_json_error(client.get(path), 404) == {"message": "Not found."}


def test_a_wrong_method_is_405_in_json_with_allow(client):
    response = client.put("/api/v1/municipalities", "{}", content_type="application/json")
    assert_json_error(response, 405)
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET"}


@pytest.mark.parametrize("debug", [False, True])
def test_an_unhandled_error_is_500_in_json(client, monkeypatch, settings, debug, municipality):
    settings.DEBUG = debug

    def broken():
        raise RuntimeError("secret detail")

    monkeypatch.setattr("spontaan.places.api.municipality_list", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/municipalities")
    body = assert_json_error(response, 500)
    assert "secret detail" not in response.content.decode()
    assert set(body) == {"message"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/municipalities/%00",
        "/api/v1/responsiveness/%00",
        "/api/v1/municipalities/heng%00elo",
        "/api/v1/schemes/%00",
    ],
)
def test_nul_in_a_path_is_404_not_a_database_error(client, municipality, path):
    assert_json_error(client.get(path), 404)


@pytest.mark.parametrize(
    "query", ["q=%00", "municipality=%00", "function=a%00", "page=%00", "%00=1"]
)
def test_nul_in_a_query_is_422_not_a_database_error(client, query):
    assert_json_error(client.get(f"{URL}?{query}"), 422)


@pytest.mark.parametrize(
    "url", ["/zoeken/?q=abc%00def", "/initiatieven/?q=ab%00c", "/initiatieven/?pagina=1&%00=1"]
)
def test_nul_in_a_page_query_is_400_not_a_database_error(client, municipality, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("slug", ["héngelo", "a b", "x" * 51])
def test_a_slug_that_cannot_be_one_is_422(client, municipality, slug):
    assert_json_error(client.get(f"/api/v1/municipalities/{slug}"), 422)
    assert_json_error(client.get(f"/api/v1/responsiveness/{slug}"), 422)


# --- errors do not echo huge input back -------------------------------------------------------


def test_40000_unknown_function_slugs_are_counted_not_echoed(resident, municipality):
    FunctionFactory(slug="moestuin")
    slugs = [f"onbekend-{i}" for i in range(40_000)]
    response = api(resident).post(
        URL, {**NEW, "functions": ["moestuin", *slugs]}, content_type="application/json"
    )
    error = assert_json_error(response, 400)
    assert len(response.content) < 1000
    assert "onbekend-0" in error["fields"]["functions"][0]  # a few are named,
    assert "39995" in error["fields"]["functions"][0]  # the others counted
    assert not Initiative.objects.exists()


def test_many_invalid_items_give_a_short_error(resident, municipality):
    body = {**NEW, "functions": ["\u200b"] * 40_000}
    response = api(resident).post(URL, body, content_type="application/json")
    error = assert_json_error(response, 422)
    assert len(response.content) < 5000
    assert "39980" in error["fields"]["__all__"][-1]  # 40,000 errors, 20 shown


# --- isdigit: one safe parser -----------------------------------------------------------------


@pytest.mark.parametrize("raw", ["²", "٣", "1_0", "-1", "99999999999999999999999"])
def test_mark_read_with_an_odd_id_is_no_server_error(client, resident, raw):
    client.force_login(resident)
    response = client.post("/meldingen/gelezen/", {"id": raw})
    assert response.status_code == 302
