"""The moderation API: report (signed in), queue, hide, restore, dismiss (moderators of the
content's municipality), object (the author)."""

import pytest

from spontaan.initiatives.models import Initiative

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


def test_reporting_needs_an_account_and_is_once_per_person(client, initiative, other_resident):
    body = {"kind": "initiative", "object_id": str(initiative.pk), "reason": "spam"}
    assert _post(client, "/api/v1/moderation/reports", body).status_code == 401
    client.force_login(other_resident)
    assert _post(client, "/api/v1/moderation/reports", body).status_code == 201
    assert _post(client, "/api/v1/moderation/reports", body).status_code == 400
    bad = body | {"reason": "saai"}
    assert _post(client, "/api/v1/moderation/reports", bad).status_code == 422


def test_initiative_end_to_end_through_the_api(
    client, initiative, resident, other_resident, moderator, connector
):
    client.force_login(other_resident)
    body = {"kind": "initiative", "object_id": str(initiative.pk), "reason": "offensive"}
    assert _post(client, "/api/v1/moderation/reports", body).status_code == 201
    base = f"/api/v1/moderation/cases/initiative/{initiative.pk}"
    # Not for people without the moderator role.
    for user in (other_resident, connector):
        client.force_login(user)
        assert client.get("/api/v1/moderation/queue").status_code == 403
        assert _post(client, f"{base}/hide", {"reason": "offensive"}).status_code == 403
    client.force_login(moderator)
    queue = client.get("/api/v1/moderation/queue").json()
    assert [(c["kind"], c["object_id"]) for c in queue] == [("initiative", str(initiative.pk))]
    assert queue[0]["reports"][0]["reason"] == "offensive"
    response = _post(client, f"{base}/hide", {"reason": "offensive", "note": "Grof"})
    assert response.status_code == 200 and response.json()["is_hidden"] is True
    client.logout()
    assert client.get(f"/api/v1/initiatives/{initiative.pk}").status_code == 404
    client.force_login(resident)
    detail = client.get(f"/api/v1/initiatives/{initiative.pk}").json()
    assert detail["is_hidden"] is True
    response = _post(client, f"{base}/objection", {"text": "Onterecht."})
    assert response.status_code == 200
    assert _post(client, f"{base}/objection", {"text": "Nog eens."}).status_code == 400
    client.force_login(moderator)
    assert client.get("/api/v1/moderation/queue").json()[0]["objection"] == "Onterecht."
    assert _post(client, f"{base}/restore").status_code == 200
    assert not Initiative.objects.get(pk=initiative.pk).is_hidden
    assert _post(client, f"{base}/dismiss").status_code == 400  # nothing waits


def test_hiding_unknown_content_is_not_found(client, moderator):
    client.force_login(moderator)
    response = _post(client, "/api/v1/moderation/cases/initiative/999999/hide", {"reason": "spam"})
    assert response.status_code == 404
    assert _post(client, "/api/v1/moderation/cases/initiative/999999/restore").status_code == 404
