"""What every page shows around its content (menu, account links, unread badge, footer): the
menu is rendered once per language and set of roles, the personal parts on every request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import set_script_prefix

from spontaan.accounts.models import Role
from spontaan.accounts.services import role_grant, role_revoke
from spontaan.notifications.services import notification_mark_read, notify

pytestmark = pytest.mark.django_db

QUEUE_LINK = 'href="/reactiesnelheid/werkvoorraad/"'
MODERATION_LINK = 'href="/moderatie/"'


def _badge(html: str) -> str | None:
    found = re.search(r'<span class="utrecht-number-badge"[^>]*>(\d+)</span>', html)
    return found.group(1) if found else None


def test_a_granted_role_shows_its_menu_item_at_the_next_request_and_a_revoked_one_goes(
    client, resident, municipality
):
    client.force_login(resident)
    assert QUEUE_LINK not in client.get("/").text

    role_grant(by=None, user=resident, municipality=municipality, role=Role.CONNECTOR)
    assert QUEUE_LINK in client.get("/").text

    role_revoke(by=None, user=resident, municipality=municipality, role=Role.CONNECTOR)
    assert QUEUE_LINK not in client.get("/").text


def test_each_person_sees_the_menu_of_their_own_roles(client, resident, moderator, connector):
    pages = {}
    for person in (resident, moderator, connector, resident):
        client.force_login(person)
        pages.setdefault(person.pk, []).append(client.get("/").text)
    for html in pages[resident.pk]:
        assert QUEUE_LINK not in html and MODERATION_LINK not in html
    assert MODERATION_LINK in pages[moderator.pk][0] and QUEUE_LINK in pages[moderator.pk][0]
    assert QUEUE_LINK in pages[connector.pk][0] and MODERATION_LINK not in pages[connector.pk][0]


def test_the_unread_badge_follows_new_and_read_notifications_at_the_next_request(client, resident):
    client.force_login(resident)
    assert _badge(client.get("/").text) is None

    notify(user_ids=[resident.pk], kind="report_hidden", title="Moestuin", url="/")
    notify(user_ids=[resident.pk], kind="report_hidden", title="Bankje", url="/")
    assert _badge(client.get("/").text) == "2"

    notification_mark_read(user=resident)
    assert _badge(client.get("/").text) is None


def test_the_menu_is_in_the_language_of_the_request(client, resident):
    client.force_login(resident)
    dutch = client.get("/").text
    client.cookies["django_language"] = "en"
    english = client.get("/").text
    assert ">Initiatieven</a>" in dutch and ">Initiatives</a>" not in dutch
    assert ">Initiatives</a>" in english and ">Initiatieven</a>" not in english
    assert ">Privacy</a>" in english and "Open data and API" in english


def test_a_logged_in_page_reads_session_account_roles_and_badge_once_each(client, connector):
    client.force_login(connector)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/gemeenten/")
    assert response.status_code == 200
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries if " FROM " in q["sql"]]
    assert tables.count('"django_session"') == 1
    assert tables.count('"accounts_user"') == 1
    assert tables.count('"accounts_rolegrant"') == 1
    assert tables.count('"notifications_notification"') == 1


def test_a_deactivated_account_is_logged_out_at_the_next_request(client, resident):
    client.force_login(resident)
    assert 'href="/account/"' in client.get("/").text
    resident.is_active = False
    resident.save(update_fields=["is_active"])
    html = client.get("/").text
    assert 'href="/account/"' not in html and "/account/inloggen/" in html


def test_links_kept_once_follow_the_script_prefix(client, resident):
    client.force_login(resident)
    assert 'href="/account/"' in client.get("/").text
    set_script_prefix("/spontaan/")  # as the WSGI handler does for a site under a path
    try:
        html = client.get("/").text
    finally:
        set_script_prefix("/")
    assert 'href="/spontaan/account/"' in html and 'href="/spontaan/initiatieven/"' in html
    assert 'href="/account/"' not in html
    assert 'href="/account/"' in client.get("/").text
