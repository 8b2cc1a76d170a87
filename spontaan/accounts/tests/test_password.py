import pytest
from django.urls import reverse
from django.utils import translation

from spontaan.accounts import limits
from spontaan.accounts.tests.conftest import link_in
from spontaan.accounts.tests.factories import PASSWORD, UserFactory
from spontaan.accounts.tokens import token_authenticate, token_create
from spontaan.accounts.views import TOKENS_REVOKED
from spontaan.core import ratelimit

RESET = reverse("accounts:password_reset")
CHANGE = reverse("accounts:password_change")
NEW = "een nieuw lang wachtwoord"


def test_password_reset_mails_a_link_that_sets_a_new_password(client, mailoutbox):
    # given
    user = UserFactory(email="anna@example.org", unverified=True)
    # when
    response = client.post(RESET, {"email": "anna@example.org"})
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.org"]
    link = link_in(mailoutbox[0].body)
    assert link.startswith("/account/wachtwoord-herstellen/")
    # when the link is followed and a new password chosen
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )
    # then
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert user.email_verified_at is not None  # the link proved the mailbox
    assert (
        client.post(
            reverse("accounts:login"), {"email": "anna@example.org", "password": NEW}
        ).status_code
        == 302
    )


def test_password_reset_for_an_unknown_address_looks_the_same(client, mailoutbox):
    response = client.post(RESET, {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_password_reset_mail_in_the_accounts_language(client, mailoutbox):
    UserFactory(email="anna@example.org", language="en")
    client.post(RESET, {"email": "anna@example.org"})
    assert "You asked for a new password" in mailoutbox[0].body


def test_deleted_account_gets_no_reset_mail(client, mailoutbox):
    user = UserFactory(deleted=True)
    client.post(RESET, {"email": user.email})
    assert mailoutbox == []


@pytest.mark.parametrize("email", ["", "not-an-address"])
def test_bad_reset_input(client, mailoutbox, email):
    response = client.post(RESET, {"email": email})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert mailoutbox == []


def test_password_reset_requests_are_limited_per_address(client, mailoutbox):
    UserFactory(email="anna@example.org")
    for _ in range(10):
        client.post(RESET, {"email": "anna@example.org"})
    response = client.post(RESET, {"email": "anna@example.org"})
    assert response.status_code == 429
    assert len(mailoutbox) == 10


def test_reset_with_a_bad_new_password_keeps_the_old(client, mailoutbox):
    user = UserFactory(email="anna@example.org")
    client.post(RESET, {"email": "anna@example.org"})
    form_page = client.get(link_in(mailoutbox[0].body), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "kort", "new_password2": "kort"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_reset_link_clears_the_login_throttle(client, mailoutbox, settings):
    settings.LOGIN_ATTEMPTS_LIMIT = 1
    UserFactory(email="anna@example.org")
    client.post(
        reverse("accounts:login"),
        {"email": "anna@example.org", "password": "x"},
        REMOTE_ADDR="198.51.100.1",
    )
    assert ratelimit.ratelimit_exceeded(
        bucket=limits.LOGIN_ACCOUNT, key="anna@example.org", limit=1, window_seconds=900
    )
    client.post(RESET, {"email": "anna@example.org"})
    form_page = client.get(link_in(mailoutbox[0].body), follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert not ratelimit.ratelimit_exceeded(
        bucket=limits.LOGIN_ACCOUNT, key="anna@example.org", limit=1, window_seconds=900
    )


def test_password_change_on_the_account_page(client, db):
    # given
    user = UserFactory()
    client.force_login(user)
    # when
    response = client.post(
        CHANGE,
        {
            "password-old_password": PASSWORD,
            "password-new_password": NEW,
            "password-new_password_again": NEW,
        },
    )
    # then
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(reverse("accounts:account")).status_code == 200  # still logged in


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {
                "password-old_password": "wrong",
                "password-new_password": NEW,
                "password-new_password_again": NEW,
            },
            "old_password",
        ),
        (
            {
                "password-old_password": PASSWORD,
                "password-new_password": "kort",
                "password-new_password_again": "kort",
            },
            "new_password",
        ),
        (
            {
                "password-old_password": PASSWORD,
                "password-new_password": NEW,
                "password-new_password_again": NEW + "x",
            },
            "new_password_again",
        ),
        ({}, "old_password"),
    ],
)
def test_bad_password_change_keeps_the_old_password(client, db, data, field):
    user = UserFactory()
    client.force_login(user)
    response = client.post(CHANGE, data)
    assert response.status_code == 200
    assert field in response.context["password_form"].errors
    assert f'id="id_password-{field}_error"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_wrong_current_passwords_count_towards_the_login_limit(client, db, settings):
    settings.LOGIN_ATTEMPTS_LIMIT = 2
    user = UserFactory()
    client.force_login(user)
    data = {
        "password-old_password": "wrong",
        "password-new_password": NEW,
        "password-new_password_again": NEW,
    }
    client.post(CHANGE, data)
    client.post(CHANGE, data)
    data["password-old_password"] = PASSWORD
    response = client.post(CHANGE, data)
    assert b"Too many failed attempts" in response.content
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_revokes_the_api_tokens_and_says_so(client, db):
    # given: a token, and one of someone else
    user = UserFactory()
    _token, raw = token_create(user=user, name="Script")
    _other, others_raw = token_create(user=UserFactory(), name="Script")
    client.force_login(user)
    # when
    response = client.post(
        CHANGE,
        {
            "password-old_password": PASSWORD,
            "password-new_password": NEW,
            "password-new_password_again": NEW,
        },
        follow=True,
    )
    # then
    assert token_authenticate(raw) is None
    assert token_authenticate(others_raw) is not None
    assert "Your personal API tokens have been revoked" in response.content.decode()
    with translation.override("nl"):
        assert str(TOKENS_REVOKED).startswith("Je persoonlijke API-tokens zijn ingetrokken")


def test_password_reset_revokes_the_api_tokens_and_says_so(client, mailoutbox):
    # given
    user = UserFactory(email="anna@example.org")
    _token, raw = token_create(user=user, name="Script")
    client.post(RESET, {"email": "anna@example.org"})
    form_page = client.get(link_in(mailoutbox[0].body), follow=True)
    # when
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    # then
    assert token_authenticate(raw) is None
    assert "Your personal API tokens have been revoked" in done.content.decode()
