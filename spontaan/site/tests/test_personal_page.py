"""Mijn Spontaan: the personal start page, with what is someone's own and what waits on them."""

import pytest
from django.test import Client

from spontaan.accounts.models import Role, RoleGrant
from spontaan.accounts.tests.factories import PASSWORD, UserFactory
from spontaan.initiatives.asks import ask_create
from spontaan.initiatives.models import Initiative
from spontaan.initiatives.services import initiative_create, initiative_follow
from spontaan.notifications.services import notify

pytestmark = pytest.mark.django_db

PERSONAL = "/mijn-spontaan/"


def _page(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(PERSONAL)
    assert response.status_code == 200
    return response.text


def _initiative(user, municipality, title: str) -> Initiative:
    return initiative_create(
        user=user,
        municipality=municipality,
        title=title,
        summary="Samen iets moois.",
        category="public_space",
        story="Het verhaal.",
        functions=[],
    )


def test_visitors_are_sent_to_the_login_and_come_back(client, resident):
    response = client.get(PERSONAL)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=/mijn-spontaan/")


def test_logging_in_without_a_next_page_leads_to_the_personal_page(client, resident):
    response = client.post("/account/inloggen/", {"email": resident.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == PERSONAL


def test_the_team_sees_what_waits_on_the_municipality_with_the_answer_clock(
    resident, other_resident, initiative
):
    # given: an open ask of the team's initiative
    ask_create(user=resident, initiative=initiative, kind="question", title="Mag de tuin hier?")
    # then: the team sees it under the initiative, with its due date; someone else does not
    html = _page(resident)
    mine = html.split('id="my-initiatives"', 1)[1].split("</section>", 1)[0]
    assert initiative.title in mine
    assert "Mag de tuin hier?" in mine
    assert "<time" in mine or "202" in mine  # the due date is shown
    assert "Mag de tuin hier?" not in _page(other_resident)


def test_followed_initiatives_are_listed_without_hidden_ones(
    other_resident, resident, municipality
):
    shown = _initiative(resident, municipality, "Bankjes op het plein")
    hidden = _initiative(resident, municipality, "Verborgen plan")
    for target in (shown, hidden):
        initiative_follow(user=other_resident, initiative=target)
    Initiative.objects.filter(pk=hidden.pk).update(is_hidden=True)
    html = _page(other_resident)
    followed = html.split('id="my-following"', 1)[1].split("</section>", 1)[0]
    assert "Bankjes op het plein" in followed
    assert "Verborgen plan" not in html
    # the initiator follows their own too, but those are listed as theirs, not as followed
    initiative_follow(user=resident, initiative=shown)
    own = _page(resident)
    assert "Bankjes op het plein" in own.split('id="my-initiatives"', 1)[1].split("</section>")[0]
    assert "Bankjes op het plein" not in own.split('id="my-following"', 1)[1].split("</section>")[0]


def test_connectors_see_their_work_queue_soonest_due_first_and_residents_do_not(
    connector, resident, initiative, other_resident
):
    small = ask_create(
        user=resident, initiative=initiative, kind="question", title="Klein", is_small=True
    )
    normal = ask_create(user=resident, initiative=initiative, kind="question", title="Gewoon")
    html = _page(connector)
    queue = html.split('id="my-work-queue"', 1)[1].split("</section>", 1)[0]
    assert 'href="/reactiesnelheid/werkvoorraad/"' in queue
    # the fast lane's ask is due sooner, so it comes first
    assert queue.index(small.title) < queue.index(normal.title)
    assert 'id="my-work-queue"' not in _page(resident)
    assert 'id="my-work-queue"' not in _page(other_resident)


def test_reviewers_see_what_waits_for_their_score(municipality, resident):
    reviewer = UserFactory()
    RoleGrant.objects.create(user=reviewer, municipality=municipality, role=Role.REVIEWER)
    assert 'id="my-to-score"' in _page(reviewer)
    assert 'id="my-to-score"' not in _page(resident)


def test_the_latest_notifications_are_ones_own(resident, other_resident):
    notify(user_ids=[resident.pk], kind="status", title="Moestuin", url="/initiatieven/1/")
    notify(user_ids=[other_resident.pk], kind="status", title="Geheim", url="/initiatieven/2/")
    html = _page(resident)
    latest = html.split('id="my-notifications"', 1)[1].split("</section>", 1)[0]
    assert "Moestuin" in latest and 'href="/meldingen/"' in latest
    assert "Geheim" not in html


def test_the_account_page_leads_to_the_personal_page(client, resident):
    client.force_login(resident)
    assert f'href="{PERSONAL}"' in client.get("/account/").text
