"""HEAD is answered wherever GET is: same status and headers, no body (RFC 9110, 9.3.2)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

pytestmark = pytest.mark.django_db


def _paths_without_parameters(patterns=None, prefix=""):
    """Every address of the site that takes no parameter (pages and API)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry.pattern, RegexPattern):
            continue  # regular expressions (static files in development) are not pages
        route = prefix + str(entry.pattern)
        if "<" in route:
            continue
        if isinstance(entry, URLResolver):
            yield from _paths_without_parameters(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield "/" + route


def _assert_head_like_get(client, path):
    got = client.get(path)
    head = client.head(path)
    assert (path, head.status_code) == (path, got.status_code)
    assert head.content == b""
    assert head.get("Content-Type") == got.get("Content-Type")


def test_head_on_the_home_page(client):
    response = client.head("/")
    assert response.status_code == 200
    assert response.content == b""
    assert int(response["Content-Length"]) > 0


@pytest.mark.parametrize("signed_in", [False, True])
def test_head_is_answered_wherever_get_is_on_every_page_and_api_route_without_parameters(
    client, initiative, resident, signed_in
):
    if signed_in:
        client.force_login(resident)
    paths = sorted(set(_paths_without_parameters()))
    assert "/" in paths and "/api/v1/initiatives" in paths
    for path in paths:
        _assert_head_like_get(client, path)


def test_head_on_pages_and_api_routes_with_parameters(client, initiative):
    for path in [
        initiative.get_absolute_url(),
        f"/api/v1/initiatives/{initiative.pk}",
        f"/gemeenten/{initiative.municipality.slug}/",
    ]:
        _assert_head_like_get(client, path)
        assert client.head(path).status_code == 200


def test_head_of_a_cached_page_leaves_the_cache_whole(client, page_cache, initiative):
    client.head("/initiatieven/")
    assert initiative.title in client.get("/initiatieven/").content.decode()
