"""What the htmx answers of initiatives say: the follow button with the new number of followers
and a short status, and the filtered list with a short count for the live region."""

import pytest

from spontaan.initiatives.models import Follow
from spontaan.initiatives.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_following_answers_the_button_the_count_and_a_status(
    client, fragment_cache, initiative, other_resident, django_capture_on_commit_callbacks
):
    # given: the page, with its shared follower count, seen before
    client.force_login(other_resident)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert '<div id="follower-count"><p class="muted">1 volger</p>' in page  # the initiator
    assert 'id="follow-status" role="status"' in page
    # when: they follow with htmx
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/initiatieven/{initiative.pk}/volgen/", {"follow": "1"}, headers=HTMX
        )
    # then: the new button keeps its id (htmx puts the focus back on it), and the count and a
    # short status come out of band
    html = response.content.decode()
    assert 'id="follow-button"' in html and 'aria-pressed="true"' in html
    assert '<div id="follower-count" hx-swap-oob="innerHTML">' in html and "2 volgers" in html
    assert "Je volgt dit initiatief." in html
    assert Follow.objects.filter(initiative=initiative, user=other_resident).exists()
    # and the page shows the new count at once, not the shared part from before
    assert "2 volgers" in client.get(initiative.get_absolute_url()).content.decode()
    html = client.post(
        f"/initiatieven/{initiative.pk}/volgen/", {"follow": "0"}, headers=HTMX
    ).content.decode()
    assert "1 volger<" in html and "Je volgt dit initiatief niet meer." in html


def test_following_without_script_says_so_after_the_redirect(client, initiative, other_resident):
    client.force_login(other_resident)
    response = client.post(f"/initiatieven/{initiative.pk}/volgen/", {"follow": "1"}, follow=True)
    assert "Je volgt dit initiatief." in response.content.decode()


@pytest.mark.parametrize("path", ["/initiatieven/", "/initiatieven/kaart/"])
def test_the_filtered_list_announces_a_count_not_the_cards(
    client, fragment_cache, municipality, resident, path
):
    InitiativeFactory.create_batch(3, municipality=municipality, created_by=resident)
    page = client.get(path).content.decode()
    # the page: a status line outside the list, and the list is no live region
    assert '<p class="sr-only" id="results-status" role="status"></p>' in page
    assert 'aria-live="polite"' not in page
    assert "hx-swap-oob" not in page
    assert 'hx-replace-url="true"' in page and "hx-push-url" not in page
    # the htmx answer of the same address: the cards and, out of band, the count
    part = client.get(path, headers=HTMX).content.decode()
    assert '<span id="results-status" hx-swap-oob="innerHTML">3 initiatieven gevonden</span>' in (
        part
    )
    assert "<html" not in part
    # and the full page again is not the htmx answer from the cache
    assert "hx-swap-oob" not in client.get(path).content.decode()


def test_the_list_has_no_jump_from_h1_to_h3(client, municipality, resident):
    InitiativeFactory(municipality=municipality, created_by=resident)
    html = client.get("/initiatieven/").content.decode()
    assert html.index("<h2") < html.index("<h3")


def test_the_waiting_panel_is_no_live_region(client, initiative):
    # the panel "Waiting on … since" is there when the page loads: nothing to announce
    html = client.get(initiative.get_absolute_url()).content.decode()
    panel = html[html.index('class="panel waiting') :][:120]
    assert "Wacht op" in html[html.index('class="panel waiting') :][:400]
    assert 'role="status"' not in panel
