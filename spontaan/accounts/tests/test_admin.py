from django.urls import reverse

from spontaan.accounts.models import ApiToken, Role, RoleGrant, User
from spontaan.accounts.services import role_grant, role_revoke
from spontaan.accounts.tests.factories import UserFactory
from spontaan.accounts.tokens import token_create
from spontaan.core.models import AuditEntry


def _user_change_data(user, grants=(), new_grants=(), delete_ids=()):
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "language": user.language,
        "email_mode": user.email_mode,
        "is_active": "on",
        "email_verified_at_0": "2025-01-01",
        "email_verified_at_1": "12:00:00",
        "role_grants-TOTAL_FORMS": str(len(grants) + len(new_grants)),
        "role_grants-INITIAL_FORMS": str(len(grants)),
        "role_grants-MIN_NUM_FORMS": "0",
        "role_grants-MAX_NUM_FORMS": "1000",
        "api_tokens-TOTAL_FORMS": "0",
        "api_tokens-INITIAL_FORMS": "0",
        "api_tokens-MIN_NUM_FORMS": "0",
        "api_tokens-MAX_NUM_FORMS": "1000",
    }
    for i, grant in enumerate(grants):
        data[f"role_grants-{i}-id"] = str(grant.pk)
        data[f"role_grants-{i}-user"] = str(user.pk)
        data[f"role_grants-{i}-municipality"] = str(grant.municipality_id)
        data[f"role_grants-{i}-role"] = grant.role
        if grant.pk in delete_ids:
            data[f"role_grants-{i}-DELETE"] = "on"
    for j, (municipality, role) in enumerate(new_grants, start=len(grants)):
        data[f"role_grants-{j}-user"] = str(user.pk)
        data[f"role_grants-{j}-municipality"] = str(municipality.pk)
        data[f"role_grants-{j}-role"] = role
    return data


def test_admin_grants_a_role_through_the_user_page_with_an_audit_entry(client, municipality):
    # given
    admin = UserFactory(admin=True)
    person = UserFactory()
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    assert client.get(url).status_code == 200
    # when
    response = client.post(
        url, _user_change_data(person, new_grants=[(municipality, Role.CONNECTOR)])
    )
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert RoleGrant.objects.filter(
        user=person, municipality=municipality, role=Role.CONNECTOR
    ).exists()
    entry = AuditEntry.objects.get(action="role.grant")
    assert entry.actor == admin
    assert entry.object_id == str(person.pk)
    assert entry.municipality == municipality
    assert entry.changes == {"role": "connector", "granted": True}


def test_admin_removes_a_role_through_the_user_page_with_an_audit_entry(client, municipality):
    # given
    admin = UserFactory(admin=True)
    person = UserFactory()
    grant = RoleGrant.objects.create(user=person, municipality=municipality, role=Role.REVIEWER)
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    # when
    response = client.post(url, _user_change_data(person, grants=[grant], delete_ids={grant.pk}))
    # then
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(user=person).exists()
    assert AuditEntry.objects.get(action="role.revoke").actor == admin


def test_role_grant_admin_add_and_delete_are_audited(client, municipality):
    # given
    admin = UserFactory(admin=True)
    person = UserFactory()
    client.force_login(admin)
    # when
    response = client.post(
        reverse("admin:accounts_rolegrant_add"),
        {"user": person.pk, "municipality": municipality.pk, "role": Role.MODERATOR},
    )
    # then
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=person)
    assert AuditEntry.objects.filter(action="role.grant").count() == 1
    # when
    response = client.post(
        reverse("admin:accounts_rolegrant_delete", args=[grant.pk]), {"post": "yes"}
    )
    # then
    assert response.status_code == 302
    assert not RoleGrant.objects.exists()
    assert AuditEntry.objects.filter(action="role.revoke").count() == 1


def test_role_grant_admin_change_is_a_revoke_and_a_grant(client, municipality, other_municipality):
    admin = UserFactory(admin=True)
    person = UserFactory()
    grant = RoleGrant.objects.create(user=person, municipality=municipality, role=Role.CONNECTOR)
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_rolegrant_change", args=[grant.pk]),
        {"user": person.pk, "municipality": other_municipality.pk, "role": Role.CONNECTOR},
    )
    assert response.status_code == 302
    assert list(RoleGrant.objects.values_list("municipality", flat=True)) == [other_municipality.pk]
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == ["role.revoke", "role.grant"]


def test_admin_creates_an_account(client, db):
    client.force_login(UserFactory(admin=True))
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New@Example.org",
            "display_name": "Nieuw",
            "usable_password": "true",
            "password1": "een lange zin als wachtwoord",
            "password2": "een lange zin als wachtwoord",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.email_verified_at is not None
    assert user.check_password("een lange zin als wachtwoord")


def test_token_admin_never_shows_hashes_and_cannot_create_or_edit(client, db):
    # given
    admin = UserFactory(admin=True)
    token, raw = token_create(user=UserFactory(), name="Script")
    client.force_login(admin)
    # when
    listing = client.get(reverse("admin:accounts_apitoken_changelist"))
    detail = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    user_page = client.get(reverse("admin:accounts_user_change", args=[token.user_id]))
    # then
    for page in (listing, detail, user_page):
        assert page.status_code == 200
        assert token.key_hash not in page.content.decode()
        assert raw not in page.content.decode()
    assert b'name="key_hash"' not in detail.content
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    client.post(reverse("admin:accounts_apitoken_change", args=[token.pk]), {"name": "x"})
    token.refresh_from_db()
    assert token.name == "Script"
    # and revoking is possible
    client.post(reverse("admin:accounts_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert not ApiToken.objects.exists()


def test_role_services_check_permission_and_are_idempotent(municipality):
    import pytest
    from django.core.exceptions import PermissionDenied, ValidationError

    person = UserFactory()
    with pytest.raises(PermissionDenied):
        role_grant(by=UserFactory(), user=person, municipality=municipality, role=Role.CONNECTOR)
    with pytest.raises(ValidationError):
        role_grant(by=None, user=person, municipality=municipality, role="mayor")
    with pytest.raises(ValidationError):
        role_grant(
            by=None, user=UserFactory(deleted=True), municipality=municipality, role=Role.CONNECTOR
        )
    role_grant(by=None, user=person, municipality=municipality, role=Role.CONNECTOR)
    role_grant(by=None, user=person, municipality=municipality, role=Role.CONNECTOR)
    assert RoleGrant.objects.filter(user=person).count() == 1
    assert AuditEntry.objects.filter(action="role.grant").count() == 1
    assert role_revoke(by=None, user=person, municipality=municipality, role=Role.CONNECTOR)
    assert not role_revoke(by=None, user=person, municipality=municipality, role=Role.CONNECTOR)
    assert AuditEntry.objects.filter(action="role.revoke").count() == 1
    assert not AuditEntry.objects.exclude(action__startswith="role.").exists()
