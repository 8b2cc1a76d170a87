"""The moderation pages: report, queue, item, objection and the public log."""

import pytest

from spontaan.moderation import services
from spontaan.moderation.models import Report

pytestmark = pytest.mark.django_db


def _hide(moderator, initiative, reason="spam", note="Reclame voor een webwinkel."):
    return services.case_hide_content(
        user=moderator, kind="initiative", object_id=str(initiative.pk), reason=reason, note=note
    )


def test_the_report_page_needs_an_account_and_a_reason(client, initiative, other_resident):
    url = f"/moderatie/melden/initiative/{initiative.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(other_resident)
    page = client.get(url)
    assert page.status_code == 200 and "Buurtmoestuin Hengelose Es" in page.text
    assert client.post(url, {"reason": "", "note": ""}).status_code == 400
    assert client.post(url, {"reason": "offensive", "note": "Grof"}).status_code == 302
    again = client.post(url, {"reason": "spam"})
    assert again.status_code == 400 and Report.objects.count() == 1
    assert client.get("/moderatie/melden/initiative/999999/").status_code == 404
    assert client.get("/moderatie/melden/onbekend/1/").status_code == 404


def test_only_moderators_see_the_queue(client, resident, connector, moderator):
    assert client.get("/moderatie/").status_code == 302  # to the login page
    for user in (resident, connector):
        client.force_login(user)
        assert client.get("/moderatie/").status_code == 403
    client.force_login(moderator)
    response = client.get("/moderatie/")
    assert response.status_code == 200 and "Er wacht niets" in response.text


def test_a_moderator_of_another_municipality_cannot_open_or_act_on_an_item(
    client, initiative, other_connector, other_municipality
):
    from spontaan.accounts.models import Role, RoleGrant

    RoleGrant.objects.create(
        user=other_connector, municipality=other_municipality, role=Role.MODERATOR
    )
    client.force_login(other_connector)
    url = f"/moderatie/initiative/{initiative.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "hide", "reason": "spam"}).status_code == 403
    initiative.refresh_from_db()
    assert not initiative.is_hidden


def test_the_queue_shows_the_reports_and_the_item_page_the_history(
    client, initiative, other_resident, moderator
):
    services.report_create(
        user=other_resident, kind="initiative", object_id=str(initiative.pk), reason="off_topic"
    )
    client.force_login(moderator)
    queue = client.get("/moderatie/")
    assert "Buurtmoestuin Hengelose Es" in queue.text and "buiten het onderwerp" in queue.text
    item = client.get(f"/moderatie/initiative/{initiative.pk}/")
    assert item.status_code == 200
    assert "Geschiedenis van de auteur" in item.text
    assert "Bram Buurman" not in item.text  # reporters stay anonymous, also to moderators
    response = client.post(f"/moderatie/initiative/{initiative.pk}/", {"action": "dismiss"})
    assert response.status_code == 302
    assert "Buurtmoestuin" not in client.get("/moderatie/").text


def test_hidden_initiative_is_gone_for_the_public_and_the_author_sees_why(
    client, initiative, moderator, resident
):
    _hide(moderator, initiative)
    for url in ("/initiatieven/", "/api/v1/initiatives", "/zoeken/?q=buurtmoestuin"):
        assert "Buurtmoestuin Hengelose Es" not in client.get(url).text
    assert client.get(initiative.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/initiatives/{initiative.pk}").status_code == 404
    client.force_login(resident)
    page = client.get(initiative.get_absolute_url())
    assert page.status_code == 200 and "Reclame voor een webwinkel." in page.text
    assert f"/moderatie/bezwaar/initiative/{initiative.pk}/" in page.text


def test_only_the_author_reaches_the_objection_form(
    client, initiative, moderator, resident, other_resident
):
    _hide(moderator, initiative)
    url = f"/moderatie/bezwaar/initiative/{initiative.pk}/"
    client.force_login(other_resident)
    assert client.get(url).status_code == 404
    client.force_login(resident)
    page = client.get(url)
    assert page.status_code == 200 and "Reclame voor een webwinkel." in page.text
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "Geen reclame."}).status_code == 302
    assert "Je kunt één keer bezwaar maken" in client.get(url).text


def test_the_public_log_shows_counts_per_month_without_personal_data(client, initiative, moderator):
    assert "Er is nog niets verborgen" in client.get("/moderatie/logboek/").text
    _hide(moderator, initiative)
    response = client.get("/moderatie/logboek/")
    assert response.status_code == 200
    assert "Spam of reclame" in response.text and "Initiatief" in response.text
    for private in ("Buurtmoestuin", "Mo Moderator", "Anna", "webwinkel"):
        assert private not in response.text
    api = client.get("/api/v1/moderation/log")
    assert api.status_code == 200
    assert api.json()[0] | {"month": None} == {
        "month": None,
        "kind": "initiative",
        "action": "hide",
        "reason": "spam",
        "count": 1,
    }


def test_moderators_see_what_is_hidden_now(client, initiative, moderator, resident):
    client.force_login(resident)
    assert client.get("/moderatie/verborgen/").status_code == 403
    client.force_login(moderator)
    assert "Er is niets verborgen" in client.get("/moderatie/verborgen/").text
    _hide(moderator, initiative)
    response = client.get("/moderatie/verborgen/")
    assert "Buurtmoestuin Hengelose Es" in response.text
    assert "Reclame voor een webwinkel." in response.text
