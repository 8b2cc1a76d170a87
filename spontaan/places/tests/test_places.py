import pytest

pytestmark = pytest.mark.django_db


def test_municipality_pages_and_api(client, municipality):
    assert client.get("/gemeenten/").status_code == 200
    assert client.get(f"/gemeenten/{municipality.slug}/").status_code == 200
    assert client.get("/gemeenten/bestaat-niet/").status_code == 404
    body = client.get(f"/api/v1/municipalities/{municipality.slug}").json()
    assert body["slug"] == municipality.slug and body["first_answer_days"] == 10
    assert client.get("/api/v1/municipalities/bestaat-niet").status_code == 404
