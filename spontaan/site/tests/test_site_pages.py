"""The site search and the open-data page, built from the registries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spontaan.core.opendata import open_data_sets
from spontaan.initiatives.services import initiative_create
from spontaan.moderation.services import case_hide_content

pytestmark = pytest.mark.django_db


def _initiative(user, municipality, title):
    return initiative_create(
        user=user,
        municipality=municipality,
        title=title,
        summary="Een plek voor de buurt.",
        category="public_space",
    )


def test_search_finds_every_kind_and_leaves_hidden_content_out(
    client, resident, municipality, moderator
):
    # given
    _initiative(resident, municipality, "Moestuin aan de Es")
    hidden = _initiative(resident, municipality, "Moestuin achter het station")
    case_hide_content(
        user=moderator, kind="initiative", object_id=str(hidden.pk), reason="other", note="Dubbel"
    )
    # when
    response = client.get("/zoeken/", {"q": "moestuin"})
    body = response.content.decode()
    # then
    assert response.status_code == 200
    assert "Moestuin aan de Es" in body and "achter het station" not in body
    response = client.get("/zoeken/", {"q": "hengelo"})
    assert response.status_code == 200 and f"/gemeenten/{municipality.slug}/" in response.text


def test_search_explains_a_short_query_and_an_empty_result(client, municipality):
    response = client.get("/zoeken/", {"q": "m"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.text
    response = client.get("/zoeken/", {"q": "bestaatnietxyz"})
    assert response.status_code == 200 and "bestaatnietxyz" in response.text
    assert client.get("/zoeken/").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_search_queries_do_not_grow_with_the_data(client, resident, municipality, count):
    for n in range(count):
        _initiative(resident, municipality, f"Buurtkamer {n}")
    client.get("/zoeken/", {"q": "buurtkamer"})  # warm the caches of the page
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/zoeken/", {"q": "buurtkamer"})
    assert response.status_code == 200 and response.text.count("Buurtkamer ") == min(count, 10)
    assert len(queries) <= 8


def test_the_open_data_page_lists_every_registered_set(client):
    response = client.get("/open-data/")
    assert response.status_code == 200
    assert len(open_data_sets) >= 4
    for data_set in open_data_sets:
        assert f'href="{data_set.url}"' in response.text


def test_a_person_sees_their_initiatives_on_their_own_page(client, resident, municipality):
    client.force_login(resident)
    response = client.get("/mijn-spontaan/")
    assert response.status_code == 200
    assert "Je zit nog niet in het team van een initiatief." in response.text
    _initiative(resident, municipality, "Buurtkamer aan de Es")
    response = client.get("/mijn-spontaan/")
    assert response.status_code == 200 and "Buurtkamer aan de Es" in response.text
