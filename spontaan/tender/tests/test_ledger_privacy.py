"""Finding 7: a programme manager of Borne only read every ledger note of a shared scheme,
including a payment note of an Oldenzaal application with an account number."""

import pytest
from django.test import Client

from spontaan.tender.money import services as money_services
from tests.api import api

pytestmark = pytest.mark.django_db

NOTE = "Betaald op NL91ABNA0417164300"


def test_ledger_notes_stay_with_the_managers_of_the_applications_municipality(
    granted, programme_manager, other_manager
):
    money_services.grant_pay(user=programme_manager, application=granted, amount=1000, note=NOTE)
    url = f"/api/v1/schemes/{granted.scheme.slug}/ledger/entries"

    own = api(programme_manager).get(url).json()["results"]
    assert NOTE in [entry["note"] for entry in own]

    other = api(other_manager).get(url)
    assert other.status_code == 200
    results = other.json()["results"]
    assert {entry["kind"] for entry in results} >= {"commit", "pay"}  # amounts still shown
    assert all(entry["note"] == "" for entry in results if entry["application_id"] == granted.pk)
    assert "NL91ABNA" not in other.content.decode()

    manage_url = f"{granted.scheme.get_absolute_url()}beheer/"
    page = Client()
    page.force_login(programme_manager)
    assert "NL91ABNA" in page.get(manage_url).content.decode()
    page.force_login(other_manager)
    manage = page.get(manage_url)
    assert manage.status_code == 200, manage.status_code
    assert "NL91ABNA" not in manage.content.decode()
