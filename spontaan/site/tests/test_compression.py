import gzip

import orjson
import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from spontaan.core.compression import (
    GzipAlternativeMiddleware,
    accepts_gzip,
    gzip_alternative,
    with_gzip,
)
from spontaan.initiatives.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def _plain(response) -> bytes:
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content)
    return response.content


def test_cached_anonymous_pages_go_compressed_to_browsers_that_accept_gzip(
    client, page_cache, initiative
):
    # given: the page is rendered once (a miss) by a client without gzip
    plain = client.get("/initiatieven/")
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
    # when: a browser asks for it (a hit) with gzip
    compressed = Client().get("/initiatieven/", headers=GZIP)
    # then: the same page, compressed, and smaller
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
    assert "Accept-Encoding" in compressed["Vary"]
    # and a client that refuses gzip still gets it plain from the same entry
    refused = Client().get("/initiatieven/", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused
    assert refused.content == plain.content


def test_the_map_geojson_is_compressed_for_signed_in_people_too(
    municipality, resident, settings, page_cache
):
    settings.MAP_GEOJSON_CACHE_SECONDS = 300
    InitiativeFactory.create_batch(12, municipality=municipality)
    client = Client()
    client.force_login(resident)
    url = "/api/v1/initiatives/geojson"
    for _ in range(2):  # built, then from the map's own cache
        compressed = client.get(url, headers=GZIP)
        assert compressed["Content-Encoding"] == "gzip"
        assert compressed["Content-Type"] == "application/geo+json"
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    assert orjson.loads(gzip.decompress(compressed.content)) == orjson.loads(plain.content)


def test_small_answers_pages_with_a_token_and_streams_are_left_alone():
    small = with_gzip(HttpResponse(b"ok", content_type="text/plain"))
    assert gzip_alternative(small) is None
    encoded = HttpResponse(b"x" * 5000, content_type="text/html")
    encoded["Content-Encoding"] = "br"
    assert gzip_alternative(with_gzip(encoded)) is None
    # a page rendered for a signed-in person is never given an alternative: only the page
    # cache and public data call with_gzip, so the middleware passes it on untouched
    request = RequestFactory().get("/", headers=GZIP)
    page = HttpResponse(b"<p>csrf</p>" * 500, content_type="text/html")
    response = GzipAlternativeMiddleware(lambda r: page)(request)
    assert "Content-Encoding" not in response
    assert response.content == page.content


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("deflate, gzip;q=0.5", True),
        ("br", False),
        ("gzip;q=0", False),
        ("gzip; q=0.0, identity", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, accepted):
    request = RequestFactory().get("/", headers={"Accept-Encoding": header})
    assert accepts_gzip(request) is accepted
