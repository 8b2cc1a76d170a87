import json

import pytest
from django.urls import reverse

from spontaan.accounts import export
from spontaan.accounts.models import Role, RoleGrant
from spontaan.accounts.tests.factories import UserFactory
from spontaan.accounts.tokens import token_create

EXPORT = reverse("accounts:export")


@pytest.fixture
def clean_registry():
    before = export.registered_exporters()
    yield
    for name in set(export.registered_exporters()) - set(before):
        export.unregister_exporter(name)
    for name, fn in before.items():  # put back what a test removed
        export.register_exporter(name, fn)


def _download(client):
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_export_contains_my_data_and_no_one_elses(client, municipality):
    # given
    me = UserFactory(email="me@example.org", display_name="Ikke")
    other = UserFactory(email="other@example.org", display_name="Ander")
    RoleGrant.objects.create(user=me, municipality=municipality, role=Role.REVIEWER)
    RoleGrant.objects.create(user=other, municipality=municipality, role=Role.CONNECTOR)
    my_token, my_raw = token_create(user=me, name="Mijn script")
    other_token, _raw = token_create(user=other, name="Zijn script")
    client.force_login(me)
    # when
    data = _download(client)
    # then
    assert data["account"]["email"] == "me@example.org"
    assert data["account"]["display_name"] == "Ikke"
    assert "password" not in data["account"]
    assert data["roles"] == [
        {
            "municipality": "Hengelo",
            "municipality_id": municipality.pk,
            "role": "reviewer",
            "granted_at": data["roles"][0]["granted_at"],
        }
    ]
    assert [t["name"] for t in data["api_tokens"]] == ["Mijn script"]
    text = json.dumps(data)
    assert "other@example.org" not in text and "Ander" not in text
    assert "Zijn script" not in text
    assert my_raw not in text and my_token.key_hash not in text
    assert me.password not in text


def test_export_works_with_zero_exporters(client, db, clean_registry):
    for name in list(export.registered_exporters()):
        export.unregister_exporter(name)
    client.force_login(UserFactory())
    data = _download(client)
    assert set(data) == {"format_version", "generated_at", "account", "roles", "api_tokens"}


def test_other_apps_contribute_through_the_registry(client, db, clean_registry):
    # given
    def stories(user):
        return [{"title": f"Verhaal van {user.pk}"}]

    export.register_exporter("test_stories", stories)
    export.register_exporter("test_stories", stories)  # harmless twice
    me = UserFactory()
    client.force_login(me)
    # when
    data = _download(client)
    # then
    assert data["test_stories"] == [{"title": f"Verhaal van {me.pk}"}]


def test_registry_refuses_clashing_names(clean_registry):
    export.register_exporter("test_x", lambda user: 1)
    with pytest.raises(ValueError):
        export.register_exporter("test_x", lambda user: 2)
    with pytest.raises(ValueError):
        export.register_exporter("account", lambda user: 3)
