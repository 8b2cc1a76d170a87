import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spontaan.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_served_from_the_cache_until_something_is_written(
    client, page_cache, initiative, resident, django_capture_on_commit_callbacks
):
    first = client.get("/initiatieven/")
    assert initiative.title in first.content.decode()
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/initiatieven/")
    assert again.content == first.content
    assert len(ctx.captured_queries) == 1  # only the versions of the page's areas
    # a write through the site makes the pages that show the initiative stale at once
    Initiative.objects.filter(pk=initiative.pk).update(title="Nieuwe titel")
    writer = client.__class__()
    writer.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        writer.post(
            f"/initiatieven/{initiative.pk}/teamnieuws/",
            {"news-title": "Meer", "news-text": "!"},
        )
    assert "Nieuwe titel" in client.get("/initiatieven/").content.decode()


def test_logged_in_visitors_and_cookies_are_never_cached(client, page_cache, initiative, resident):
    client.force_login(resident)
    client.get(initiative.get_absolute_url())
    client.logout()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(initiative.get_absolute_url())
    assert len(ctx.captured_queries) > 1  # a miss: nothing was stored for the logged-in visit
    assert not response.cookies  # anonymous pages set no cookie, so they may be cached
    assert b"csrfmiddlewaretoken" not in response.content


def test_the_language_is_part_of_the_key(client, page_cache, initiative):
    dutch = client.get("/initiatieven/").headers["Content-Language"]
    client.get("/taal/en/", {"next": "/"})
    english = client.get("/initiatieven/").headers["Content-Language"]
    assert (dutch, english) == ("nl", "en")


def test_the_language_switch_refuses_other_sites(client, db):
    response = client.get("/taal/en/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/taal/xx/").status_code == 404


def test_boosted_and_plain_htmx_requests_do_not_share_a_cache_entry(client, page_cache, initiative):
    # given: a boosted navigation (a whole page) is in the cache
    boosted = client.get("/initiatieven/", headers={"HX-Request": "true", "HX-Boosted": "true"})
    # when: the filter form asks for the results only
    plain = client.get("/initiatieven/", headers={"HX-Request": "true"})
    # then
    assert b"<html" in boosted.content
    assert b"<html" not in plain.content
    assert initiative.title in plain.content.decode()


def test_every_htmx_header_is_part_of_the_key(client, page_cache, initiative):
    client.get("/initiatieven/", headers={"HX-Request": "true", "HX-Target": "results"})
    with CaptureQueriesContext(connection) as ctx:
        client.get("/initiatieven/", headers={"HX-Request": "true", "HX-Target": "elsewhere"})
    assert len(ctx.captured_queries) > 1  # a miss: another target is another answer


def test_another_host_cannot_put_its_name_into_cached_api_urls(
    client, page_cache, initiative, settings
):
    # given: one request with another (allowed) host name
    settings.ALLOWED_HOSTS = ["spontaan.example", "other.example"]
    settings.SITE_URL = "https://spontaan.example"
    poisoned = client.get("/api/v1/initiatives", HTTP_HOST="other.example").json()
    # when: everyone else asks for the same list
    normal = client.get("/api/v1/initiatives", HTTP_HOST="spontaan.example").json()
    # then: the absolute URLs come from SITE_URL, whichever host was asked
    for body in (poisoned, normal):
        assert (
            body["results"][0]["url"] == f"https://spontaan.example/initiatieven/{initiative.pk}/"
        )


def test_answers_that_vary_on_a_header_outside_the_key_are_not_stored():
    from django.http import HttpResponse

    from spontaan.core.pagecache import _varies_only_on_keyed_headers

    keyed = HttpResponse(headers={"Vary": "Cookie, HX-Request, HX-Target"})
    unkeyed = HttpResponse(headers={"Vary": "Cookie, Accept"})
    assert _varies_only_on_keyed_headers(keyed)
    assert not _varies_only_on_keyed_headers(unkeyed)
