import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_anonymous_write_is_401_even_with_csrf_checks():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/initiatives", {}, content_type="application/json")
    assert response.status_code == 401
    assert "message" in response.json()


def test_a_body_that_is_not_json_gets_a_message(resident):
    client = Client()
    client.force_login(resident)
    response = client.post("/api/v1/initiatives", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]


def test_unknown_objects_are_404_with_a_message(client):
    response = client.get("/api/v1/initiatives/424242")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}
