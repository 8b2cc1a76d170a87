"""The scheme page's body is shared between people (core.fragments), its tools are not."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _page(scheme, user=None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(scheme.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_manager_tools_and_personal_links_go_only_to_whom_they_belong(
    fragment_cache, scheme, regional_manager, resident, other_resident
):
    settings_url = f"/regelingen/{scheme.slug}/instellingen/"
    # a resident first: the shared body is stored for signed-in people without rights
    resident_page = _page(scheme, resident)
    manager_page = _page(scheme, regional_manager)
    visitor_page = _page(scheme)
    other_page = _page(scheme, other_resident)
    assert scheme.name in visitor_page and scheme.name in other_page
    assert settings_url in manager_page
    assert settings_url not in resident_page and settings_url not in other_page
    assert settings_url not in visitor_page
    assert "/regelingen/mijn-aanvragen/" in other_page
    assert "/regelingen/mijn-aanvragen/" not in visitor_page
    assert other_resident.display_name in other_page
    assert resident.display_name not in other_page


def test_the_grants_on_an_initiative_page_follow_who_may_see_them(
    fragment_cache, submitted, initiative, reviewer, connector, other_connector, other_resident
):
    """A submitted application shows to the team, the municipality's staff and the panel,
    not to others, whatever order they come in while the section is shared."""
    url = initiative.get_absolute_url()
    link = submitted.get_absolute_url()

    def page(user) -> str:
        client = Client()
        client.force_login(user)
        return client.get(url).content.decode()

    assert link not in page(other_resident)
    assert link in page(reviewer)
    assert link not in page(other_connector)  # staff of another municipality
    assert link in page(connector)
    assert link not in page(other_resident)
    assert link not in page(other_connector)
