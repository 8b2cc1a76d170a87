import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spontaan.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_served_from_the_cache_until_something_is_written(
    client, page_cache, initiative, resident
):
    first = client.get("/initiatieven/")
    assert initiative.title in first.content.decode()
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/initiatieven/")
    assert again.content == first.content
    assert len(ctx.captured_queries) == 1  # only the content version
    # a write through the site makes the cache stale at once
    writer = client.__class__()
    writer.force_login(resident)
    writer.post(f"/initiatieven/{initiative.pk}/nieuws/", {"update-text": "Nieuws!"})
    Initiative.objects.filter(pk=initiative.pk).update(title="Nieuwe titel")
    writer.post(f"/initiatieven/{initiative.pk}/nieuws/", {"update-text": "Meer nieuws"})
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
