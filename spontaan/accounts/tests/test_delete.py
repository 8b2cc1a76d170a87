import pytest
from django.urls import reverse

from spontaan.accounts import erasure
from spontaan.accounts.models import ApiToken, EmailMode, Role, RoleGrant, User
from spontaan.accounts.tests.factories import PASSWORD, UserFactory
from spontaan.accounts.tokens import token_authenticate, token_create
from spontaan.core.models import AuditEntry

DELETE = reverse("accounts:delete")


def test_delete_pseudonymises_the_account(client, municipality):
    # given
    user = UserFactory(email="anna@example.org", display_name="Anna de Boer")
    RoleGrant.objects.create(user=user, municipality=municipality, role=Role.CONNECTOR)
    _token, raw = token_create(user=user, name="Script")
    client.force_login(user)
    # when
    response = client.post(DELETE, {"password": PASSWORD})
    # then: logged out, and the row stays without anything that identifies the person
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    user = User.objects.get(pk=user.pk)
    assert user.email == f"deleted-{user.pk}@invalid"
    assert "Anna" not in user.display_name
    assert user.public_name == "former participant"
    assert not user.has_usable_password()
    assert not user.is_active
    assert user.deleted_at is not None
    assert user.email_mode == EmailMode.NONE
    assert not ApiToken.objects.filter(user=user).exists()
    assert token_authenticate(raw) is None
    assert not RoleGrant.objects.filter(user=user).exists()
    # and it is in the audit trail, without the old address
    entry = AuditEntry.objects.get(action="account.delete")
    assert entry.object_id == str(user.pk)
    assert "anna@example.org" not in str(entry.changes)


def test_deleted_account_cannot_log_in(client, db):
    user = UserFactory(email="anna@example.org")
    client.force_login(user)
    client.post(DELETE, {"password": PASSWORD})
    for email in ("anna@example.org", f"deleted-{user.pk}@invalid"):
        response = client.post(reverse("accounts:login"), {"email": email, "password": PASSWORD})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


def test_other_sessions_of_a_deleted_account_end(client, db):
    from django.test import Client

    user = UserFactory()
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)
    client.post(DELETE, {"password": PASSWORD})
    assert other_device.get(reverse("accounts:account")).status_code == 302


def test_contributions_remain_after_deletion(client, initiative, resident):
    # given
    client.force_login(resident)
    # when
    client.post(DELETE, {"password": PASSWORD})
    # then
    initiative.refresh_from_db()
    assert initiative.created_by_id == resident.pk
    assert initiative.created_by.public_name == "former participant"


def test_an_account_without_contributions_keeps_its_row(client, db):
    user = UserFactory()
    client.force_login(user)
    client.post(DELETE, {"password": PASSWORD})
    assert User.objects.filter(pk=user.pk, deleted_at__isnull=False).exists()


def test_the_address_can_register_again_after_deletion(
    client, db, django_capture_on_commit_callbacks
):
    user = UserFactory(email="anna@example.org")
    client.force_login(user)
    client.post(DELETE, {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:register"),
            {
                "display_name": "Anna",
                "email": "anna@example.org",
                "password": "een lange zin als wachtwoord",
                "password_again": "een lange zin als wachtwoord",
                "accepted_privacy": "on",
            },
        )
    assert User.objects.filter(email="anna@example.org").exclude(pk=user.pk).exists()


@pytest.mark.parametrize("password", ["", "wrong"])
def test_delete_needs_the_right_password(client, db, password):
    # given
    user = UserFactory(email="anna@example.org")
    client.force_login(user)
    # when
    response = client.post(DELETE, {"password": password})
    # then
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.email == "anna@example.org" and user.deleted_at is None
    assert not AuditEntry.objects.exists()


def test_delete_page_asks_for_confirmation(client, db):
    client.force_login(UserFactory())
    html = client.get(DELETE).content.decode()
    assert 'autocomplete="current-password"' in html
    assert "former participant" in html


def test_registered_erasers_run_and_can_abort(client, db):
    # given
    seen = []

    def note(user):
        seen.append(user.email)

    erasure.register_eraser("test_note", note)
    try:
        user = UserFactory(email="anna@example.org")
        client.force_login(user)
        # when
        client.post(DELETE, {"password": PASSWORD})
    finally:
        erasure.unregister_eraser("test_note")
    # then: the eraser saw the account before it was pseudonymised
    assert seen == ["anna@example.org"]


def test_failing_eraser_leaves_the_account_untouched(client, db):
    def broken(user):
        raise RuntimeError("no")

    erasure.register_eraser("test_broken", broken)
    try:
        user = UserFactory(email="anna@example.org")
        _token, raw = token_create(user=user, name="Script")
        from spontaan.accounts.services import user_delete

        with pytest.raises(RuntimeError):
            user_delete(user=user, password=PASSWORD)
    finally:
        erasure.unregister_eraser("test_broken")
    user.refresh_from_db()
    assert user.deleted_at is None and user.email == "anna@example.org"
    assert token_authenticate(raw) == user
