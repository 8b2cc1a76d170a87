import json

import pytest

from spontaan.initiatives.asks import ask_create
from spontaan.initiatives.models import Follow, Initiative
from spontaan.initiatives.services import initiative_follow
from spontaan.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_export_contains_my_initiatives_and_not_someone_elses(
    client, initiative, resident, other_resident
):
    ask_create(user=resident, initiative=initiative, kind="question", title="Mijn vraag")
    client.force_login(resident)
    data = json.loads(client.get("/account/mijn-gegevens/").content)
    assert data["initiatives"]["started"][0]["title"] == initiative.title
    assert data["initiatives"]["asks"][0]["title"] == "Mijn vraag"
    client.force_login(other_resident)
    other = json.loads(client.get("/account/mijn-gegevens/").content)
    assert other["initiatives"]["started"] == []
    assert resident.email not in json.dumps(other)


def test_deleting_an_account_keeps_the_initiative_under_a_pseudonym(
    client, initiative, resident, other_resident
):
    initiative_follow(user=other_resident, initiative=initiative)
    client.force_login(other_resident)
    response = client.post("/account/verwijderen/", {"password": "correct horse battery"})
    assert response.status_code in (200, 302)
    assert not Follow.objects.filter(user=other_resident).exists()
    client.force_login(resident)
    client.post("/account/verwijderen/", {"password": "correct horse battery"})
    initiative = Initiative.objects.get(pk=initiative.pk)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert initiative.title in page and "Anna" not in page
    assert not Notification.objects.filter(user=resident).exists()
