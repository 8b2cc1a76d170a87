"""Parts of pages shared between signed-in people (core.fragments): each person still sees
exactly what they may see, and a change shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spontaan.accounts.tests.factories import UserFactory
from spontaan.core import fragments
from spontaan.initiatives.models import Initiative
from spontaan.initiatives.services import initiative_create
from spontaan.initiatives.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_list_is_rendered_once_for_everyone_who_sees_the_same(
    fragment_cache, initiative, resident, other_resident
):
    first = _client(resident).get("/initiatieven/")
    assert initiative.title in first.content.decode()
    other = _client(other_resident)
    other.get("/initiatieven/")  # warm for the other person's own shell
    with CaptureQueriesContext(connection) as cold:
        cache.clear()
        other.get("/initiatieven/")
    with CaptureQueriesContext(connection) as warm:
        second = other.get("/initiatieven/")
    assert len(warm.captured_queries) < len(cold.captured_queries)
    assert initiative.title in second.content.decode()
    # the personal shell is not shared
    assert other_resident.display_name in second.content.decode()
    assert resident.display_name not in second.content.decode()


def test_hidden_initiatives_stay_with_those_who_may_see_them(
    fragment_cache, municipality, resident, other_resident, connector, other_connector
):
    hidden = InitiativeFactory(
        municipality=municipality, created_by=resident, hidden=True, title="Verborgen plan"
    )
    # a visitor, another resident and a connector elsewhere first, then the team, then staff
    assert "Verborgen plan" not in _client().get("/initiatieven/").content.decode()
    assert "Verborgen plan" not in _client(other_resident).get("/initiatieven/").content.decode()
    assert "Verborgen plan" not in _client(other_connector).get("/initiatieven/").content.decode()
    assert "Verborgen plan" in _client(resident).get("/initiatieven/").content.decode()
    assert "Verborgen plan" in _client(connector).get("/initiatieven/").content.decode()
    # and in that order again, from the cache
    assert "Verborgen plan" not in _client(other_resident).get("/initiatieven/").content.decode()
    api = _client(other_resident).get("/api/v1/initiatives").json()
    assert hidden.pk not in [item["id"] for item in api["results"]]
    api = _client(resident).get("/api/v1/initiatives").json()
    assert hidden.pk in [item["id"] for item in api["results"]]
    api = _client(other_resident).get("/api/v1/initiatives").json()
    assert hidden.pk not in [item["id"] for item in api["results"]]


def test_a_change_shows_at_once_after_it_commits(
    fragment_cache, initiative, resident, other_resident, django_capture_on_commit_callbacks
):
    reader = _client(other_resident)
    assert initiative.title in reader.get("/initiatieven/").content.decode()
    assert initiative.title in reader.get(initiative.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        created = initiative_create(
            user=resident,
            municipality=initiative.municipality,
            title="Repair café aan de Markt",
            summary="Samen repareren.",
            category="public_space",
        )
        _client(resident).post(
            f"/initiatieven/{initiative.pk}/teamnieuws/",
            {"news-title": "Oogstfeest", "news-text": "Zaterdag!"},
        )
    assert created.title in reader.get("/initiatieven/").content.decode()
    detail = reader.get(initiative.get_absolute_url()).content.decode()
    assert "Oogstfeest" in detail  # the news section and the timeline


def test_a_change_without_its_commit_hook_is_not_shown_from_an_old_version(
    fragment_cache, initiative, other_resident
):
    # given: the list is cached at the current content version
    reader = _client(other_resident)
    reader.get("/initiatieven/")
    # when: a row changes without raising the version (as if nothing touched the area)
    Initiative.objects.filter(pk=initiative.pk).update(title="Stille wijziging")
    # then: the cached part is served until the area is touched: the version decides
    assert "Stille wijziging" not in reader.get("/initiatieven/").content.decode()
    from spontaan.core.pagecache import _raise_versions

    _raise_versions(["initiatives"])
    assert "Stille wijziging" in reader.get("/initiatieven/").content.decode()


def test_the_filter_form_and_results_follow_the_query(fragment_cache, initiative, other_resident):
    reader = _client(other_resident)
    found = reader.get("/initiatieven/", {"q": "moestuin"}).content.decode()
    missed = reader.get("/initiatieven/", {"q": "zwembad"}).content.decode()
    assert initiative.title in found and 'value="moestuin"' in found
    assert initiative.title not in missed and 'value="zwembad"' in missed
    partial = reader.get("/initiatieven/", {"q": "moestuin"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content
    assert initiative.title in partial.content.decode()


def test_forms_on_the_initiative_page_keep_their_own_csrf_token_and_errors(
    fragment_cache, initiative, resident
):
    # given: the team's forms were rendered once for someone else
    team = _client(resident)
    team.get(initiative.get_absolute_url())
    other = Client(enforce_csrf_checks=True)
    other.force_login(resident)
    page = other.get(initiative.get_absolute_url())
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    html = page.content.decode()
    # then: each form carries a token of this session, and a post with it is accepted
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="news-title"' in html
    assert token is not None
    # a form with errors is rendered with them, not from the shared rendering
    response = team.post(
        f"/initiatieven/{initiative.pk}/vraag/",
        {"ask-kind": "", "ask-title": ""},
    )
    assert response.status_code == 400
    assert "utrecht-form-field--invalid" in response.content.decode()


def test_the_switch_turns_sharing_off(settings, initiative, other_resident):
    settings.SHARED_FRAGMENT_CACHE_SECONDS = 0
    calls = []

    def render():
        calls.append(1)
        return "x"

    request = _client(other_resident).get("/initiatieven/").wsgi_request
    fragments.shared(request, "test.part", [1], render)
    fragments.shared(request, "test.part", [1], render)
    assert len(calls) == 2


def test_the_initiative_page_keeps_team_and_staff_tools_with_them(
    fragment_cache, initiative, resident, other_resident, connector
):
    from spontaan.initiatives.asks import ask_create

    ask = ask_create(
        user=resident, initiative=initiative, kind="communicative", title="Mag het hek open?"
    )
    answer_field = f'name="ask{ask.pk}-answer"'
    url = initiative.get_absolute_url()
    visitor = _client(other_resident).get(url).content.decode()
    team = _client(resident).get(url).content.decode()
    staff = _client(connector).get(url).content.decode()
    again = _client(other_resident).get(url).content.decode()
    for html in (visitor, team, staff, again):
        assert "Mag het hek open?" in html
    assert 'name="team-email"' in team and 'name="news-title"' in team
    ask_link = f'href="/initiatieven/{initiative.pk}/vraag/"'
    assert ask_link in team and ask_link not in visitor + again
    assert 'name="team-email"' not in visitor + again + staff
    assert answer_field not in visitor + again + team
    assert answer_field in staff
    assert 'name="respond-text"' in staff
    assert 'name="respond-text"' not in visitor + again + team


def test_a_hidden_initiative_tells_its_author_how_to_object(
    fragment_cache, initiative, resident, connector
):
    Initiative.objects.filter(pk=initiative.pk).update(is_hidden=True, hidden_reason="Reclame")
    url = initiative.get_absolute_url()
    staff = _client(connector).get(url).content.decode()
    author = _client(resident).get(url).content.decode()
    staff_again = _client(connector).get(url).content.decode()
    assert "Reclame" in staff and "Reclame" in author
    objection = f"/moderatie/bezwaar/initiative/{initiative.pk}/"
    assert objection in author
    assert objection not in staff and objection not in staff_again


def test_a_form_in_a_shared_part_carries_the_token_of_whoever_sees_it(
    fragment_cache, initiative, resident, other_resident
):
    import re

    from spontaan.actors.models import ActorKind
    from spontaan.initiatives.team import team_organisation_add

    team_organisation_add(
        user=resident,
        initiative=initiative,
        name="Buurtvereniging",
        kind=ActorKind.SOCIAL_ENTERPRISE,
    )
    # given: the team panel was rendered for the initiator; then another session of theirs
    _client(resident).get(initiative.get_absolute_url())
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)
    html = browser.get(initiative.get_absolute_url()).content.decode()
    panel = html.split('name="team-email"', 1)[0].rsplit("<form", 1)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', panel).group(1)
    assert "csrf-stand-in" not in html
    # when: the form is sent with the token the page gave
    response = browser.post(
        f"/initiatieven/{initiative.pk}/team/",
        {"csrfmiddlewaretoken": token, "team-email": "nieuw@example.org"},
    )
    # then: the token is accepted (a 403 would mean another session's token)
    assert response.status_code == 302


def test_who_sees_a_hidden_initiative_follows_team_and_roles_at_once(
    fragment_cache,
    municipality,
    resident,
    other_resident,
    django_capture_on_commit_callbacks,
):
    from spontaan.accounts.models import Role
    from spontaan.accounts.services import role_grant
    from spontaan.initiatives.tests.factories import join_team

    hidden = InitiativeFactory(
        municipality=municipality, created_by=resident, hidden=True, title="Verborgen plan"
    )
    reader = _client(other_resident)
    assert "Verborgen plan" not in reader.get("/initiatieven/").content.decode()
    assert "Verborgen plan" not in reader.get("/api/v1/initiatives").content.decode()
    # joining the team shows it at once
    with django_capture_on_commit_callbacks(execute=True):
        join_team(inviter=resident, initiative=hidden, person=other_resident)
    assert "Verborgen plan" in reader.get("/initiatieven/").content.decode()
    assert "Verborgen plan" in reader.get("/api/v1/initiatives").content.decode()
    # a role of the municipality's staff does too, for someone else
    staff = UserFactory(email="nieuw.staf@example.org")
    staff_reader = _client(staff)
    assert "Verborgen plan" not in staff_reader.get("/initiatieven/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        role_grant(by=None, user=staff, municipality=municipality, role=Role.MODERATOR)
    assert "Verborgen plan" in staff_reader.get("/initiatieven/").content.decode()
