"""The page cache is made stale by what changed: a write raises the versions of the areas it
touches, and only the pages that show one of them are rendered again."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spontaan.accounts.tests.factories import PASSWORD
from spontaan.clock.services import clock_start
from spontaan.core import pagecache
from spontaan.core.models import ContentArea
from spontaan.core.pagecache import PageAreas, page_areas
from spontaan.initiatives.models import Follow, Initiative
from spontaan.notifications.models import Notification
from spontaan.notifications.services import notify

pytestmark = pytest.mark.django_db


def _served_from_cache(client, url) -> bool:
    """One query (the versions of the page's areas) means the answer came from the cache."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries) == 1


def _warm(client, *urls) -> None:
    for url in urls:
        assert client.get(url).status_code == 200
        assert _served_from_cache(client, url), url


def test_a_login_a_follow_and_a_notification_read_keep_the_list_cached(
    page_cache, initiative, resident, other_resident, django_capture_on_commit_callbacks
):
    visitor = Client()
    _warm(visitor, "/initiatieven/", "/", f"/gemeenten/{initiative.municipality.slug}/")
    member = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = member.post(
            "/account/inloggen/", {"email": other_resident.email, "password": PASSWORD}
        )
    assert response.status_code == 302  # logged in
    with django_capture_on_commit_callbacks(execute=True):
        member.post(f"/initiatieven/{initiative.pk}/volgen/", {"follow": "1"})
    assert Follow.objects.filter(initiative=initiative, user=other_resident).exists()
    with django_capture_on_commit_callbacks(execute=True):
        [note] = notify(user_ids=[other_resident.pk], kind="update", title="t", url="/")
        member.post("/meldingen/gelezen/", {"id": note.pk})
    assert Notification.objects.get(pk=note.pk).read_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        member.get("/taal/en/", {"next": "/"})
        member.post(
            f"/moderatie/melden/initiative/{initiative.pk}/", {"reason": "spam", "note": "x"}
        )
    assert _served_from_cache(visitor, "/initiatieven/")
    assert _served_from_cache(visitor, "/")
    assert _served_from_cache(visitor, f"/gemeenten/{initiative.municipality.slug}/")


def test_a_follow_shows_at_once_on_the_initiatives_own_page(
    page_cache, initiative, other_resident, django_capture_on_commit_callbacks
):
    visitor = Client()
    url = initiative.get_absolute_url()
    _warm(visitor, url)
    member = Client()
    member.force_login(other_resident)
    with django_capture_on_commit_callbacks(execute=True):
        member.post(f"/initiatieven/{initiative.pk}/volgen/", {"follow": "1"})
    assert not _served_from_cache(visitor, url)  # its follower count changed
    assert _served_from_cache(visitor, url)


def test_a_change_to_an_initiative_shows_at_once_and_leaves_other_pages_cached(
    page_cache, initiative, resident, other_municipality, django_capture_on_commit_callbacks
):
    visitor = Client()
    here, elsewhere = initiative.municipality.slug, other_municipality.slug
    pages = ["/initiatieven/", initiative.get_absolute_url(), f"/gemeenten/{here}/", "/"]
    _warm(visitor, *pages, f"/gemeenten/{elsewhere}/", "/regelingen/")
    team = Client()
    team.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(
            f"/initiatieven/{initiative.pk}/teamnieuws/",
            {"news-title": "Het hek staat er", "news-text": "Dank aan iedereen."},
        )
    assert response.status_code == 302
    for url in pages:
        assert not _served_from_cache(visitor, url), url  # stale: rendered again
    assert "Het hek staat er" in visitor.get(initiative.get_absolute_url()).content.decode()
    assert _served_from_cache(visitor, f"/gemeenten/{elsewhere}/")
    assert _served_from_cache(visitor, "/regelingen/")


def test_a_moderation_hide_shows_at_once_on_the_list(
    page_cache, initiative, moderator, django_capture_on_commit_callbacks
):
    visitor = Client()
    _warm(visitor, "/initiatieven/", "/api/v1/initiatives")
    assert initiative.title in visitor.get("/initiatieven/").content.decode()
    staff = Client()
    staff.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/moderatie/initiative/{initiative.pk}/",
            {"action": "hide", "reason": "spam", "note": "Reclame"},
        )
    assert response.status_code == 302
    assert Initiative.objects.get(pk=initiative.pk).is_hidden
    assert initiative.title not in visitor.get("/initiatieven/").content.decode()
    assert visitor.get("/api/v1/initiatives").json()["count"] == 0
    assert visitor.get(initiative.get_absolute_url()).status_code == 404


def test_a_touch_raises_its_areas_only_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pagecache.touch("initiative:1", "initiatives")
        assert pagecache.area_versions(["initiative:1"]) == {"initiative:1": 0}
    assert len(callbacks) == 1
    versions = pagecache.area_versions(["initiative:1", "initiatives", "any", "initiative:2"])
    assert versions == {"initiative:1": 1, "initiatives": 1, "any": 1, "initiative:2": 0}


def test_a_page_shows_every_area_its_entries_name_and_site(settings):
    assert pagecache.areas_of("/initiatieven/12/") == [
        "initiative:12",
        "municipalities",
        "site",
    ]
    assert set(pagecache.areas_of("/gemeenten/")) >= {
        "initiatives",
        "municipalities",
        "responsiveness",
        "site",
    }
    # a cached path that no entry names depends on every touch
    assert pagecache.areas_of("/initiatieven/onbekend/") == ["any", "site"]


def test_a_capability_adds_the_areas_its_section_shows_to_another_apps_page(
    page_cache, initiative, django_capture_on_commit_callbacks
):
    # given: a capability says the initiative pages show its area
    extra = PageAreas("test.stories", r"^/initiatieven/(?P<pk>\d+)/$", ("stories",))
    visitor = Client()
    with page_areas.override(extra):
        assert "stories" in pagecache.areas_of(initiative.get_absolute_url())
        _warm(visitor, initiative.get_absolute_url(), "/initiatieven/")
        # when: it writes its content
        with django_capture_on_commit_callbacks(execute=True):
            pagecache.touch("stories")
        # then: the pages that show it are stale, the others are not
        assert not _served_from_cache(visitor, initiative.get_absolute_url())
        assert _served_from_cache(visitor, "/initiatieven/")


def test_a_write_in_the_admin_makes_every_page_stale(
    page_cache, initiative, django_capture_on_commit_callbacks, admin_client
):
    visitor = Client()
    _warm(visitor, "/initiatieven/", "/regelingen/")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/beheer/initiatives/initiative/{initiative.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert not _served_from_cache(visitor, "/initiatieven/")
    assert not _served_from_cache(visitor, "/regelingen/")
    assert ContentArea.objects.get(name="site").version == 1


def test_an_answer_clock_makes_the_responsiveness_pages_stale_and_leaves_the_list(
    page_cache, initiative, django_capture_on_commit_callbacks
):
    visitor = Client()
    here = f"/reactiesnelheid/{initiative.municipality.slug}/"
    _warm(visitor, here, "/reactiesnelheid/", "/api/v1/responsiveness", "/initiatieven/")
    with django_capture_on_commit_callbacks(execute=True):
        clock_start(
            municipality=initiative.municipality,
            kind="ask",
            subject_id=1,
            title="Mag het hek blijven staan?",
            initiative_id=initiative.pk,
        )
    assert not _served_from_cache(visitor, here)
    assert not _served_from_cache(visitor, "/reactiesnelheid/")
    assert not _served_from_cache(visitor, "/api/v1/responsiveness")
    assert _served_from_cache(visitor, "/initiatieven/")
