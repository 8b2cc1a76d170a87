import pytest
from django.urls import reverse

from spontaan.accounts.tests.factories import PASSWORD, UserFactory
from spontaan.core.models import RateLimitEvent

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")


def test_login_with_email_and_password(client, db):
    # given
    user = UserFactory(email="anna@example.org")
    # when
    response = client.post(LOGIN, {"email": "Anna@Example.org", "password": PASSWORD})
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("personal")  # Mijn Spontaan
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_sets_the_accounts_language(client, db, settings):
    UserFactory(email="anna@example.org", language="en")
    response = client.post(LOGIN, {"email": "anna@example.org", "password": PASSWORD})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_login_follows_a_safe_next(client, db):
    UserFactory(email="anna@example.org")
    response = client.post(
        LOGIN + "?next=/initiatieven/", {"email": "anna@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/initiatieven/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example"]
)
def test_login_ignores_an_unsafe_next(client, db, target):
    # given
    UserFactory(email="anna@example.org")
    # when
    page = client.get(LOGIN, {"next": target})
    response = client.post(
        LOGIN, {"email": "anna@example.org", "password": PASSWORD, "next": target}
    )
    # then
    assert target not in page.content.decode()
    assert response["Location"] == reverse("personal")


def test_wrong_password_is_refused_with_a_clear_message(client, db):
    # given
    UserFactory(email="anna@example.org")
    # when
    response = client.post(LOGIN, {"email": "anna@example.org", "password": "wrong"})
    # then
    assert response.status_code == 200
    assert b"e-mail address or password is not correct" in response.content
    assert "_auth_user_id" not in client.session


def test_unknown_address_gets_the_same_message(client, db):
    response = client.post(LOGIN, {"email": "nobody@example.org", "password": "wrong"})
    assert b"e-mail address or password is not correct" in response.content


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "", "password": ""},
        {"email": "not-an-address", "password": "x"},
        {"email": "a@example.org"},
        {"email": "a" * 300 + "@example.org", "password": "x"},
    ],
)
def test_bad_login_input_is_a_form_error(client, db, data):
    response = client.post(LOGIN, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert RateLimitEvent.objects.count() == 0


def test_unverified_account_can_log_in_and_is_told_to_confirm(client, db):
    UserFactory(email="anna@example.org", unverified=True)
    response = client.post(LOGIN, {"email": "anna@example.org", "password": PASSWORD}, follow=True)
    assert response.wsgi_request.user.is_authenticated
    assert b"not confirmed yet" in response.content


def test_login_is_throttled_per_account_without_checking_the_password(client, db, settings):
    # given
    settings.LOGIN_ATTEMPTS_LIMIT = 3
    UserFactory(email="anna@example.org")
    for n in range(3):
        client.post(
            LOGIN,
            {"email": "anna@example.org", "password": f"guess {n}"},
            REMOTE_ADDR=f"198.51.100.{n}",
        )
    # when: even the right password, from yet another address
    response = client.post(
        LOGIN, {"email": "anna@example.org", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5"
    )
    # then
    assert response.status_code == 429
    assert b"Too many failed attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_per_address(client, db, settings):
    # given
    settings.LOGIN_ATTEMPTS_LIMIT = 3
    UserFactory(email="anna@example.org")
    for n in range(3):
        client.post(LOGIN, {"email": f"user{n}@example.org", "password": "guess"})
    # when
    response = client.post(LOGIN, {"email": "anna@example.org", "password": PASSWORD})
    # then
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # and another address can still log in to that account
    other = client.post(
        LOGIN, {"email": "anna@example.org", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5"
    )
    assert other.status_code == 302


def test_throttle_ends_after_the_window(client, db, settings):
    # given
    settings.LOGIN_ATTEMPTS_LIMIT = 2
    UserFactory(email="anna@example.org")
    for _ in range(2):
        client.post(LOGIN, {"email": "anna@example.org", "password": "guess"})
    assert (
        client.post(LOGIN, {"email": "anna@example.org", "password": PASSWORD}).status_code == 429
    )
    # when the window has passed
    settings.LOGIN_ATTEMPTS_WINDOW = 0
    response = client.post(LOGIN, {"email": "anna@example.org", "password": PASSWORD})
    # then
    assert response.status_code == 302


def test_throttle_message_is_translated(client, db, settings):
    # the message is marked for translation and rendered in the active language
    from django.utils import translation

    from spontaan.accounts.services import _throttled_error

    with translation.override("en"):
        assert "Try again in 15 minutes" in _throttled_error(900).messages[0]


def test_successful_login_forgets_the_accounts_failures(client, db, settings):
    settings.LOGIN_ATTEMPTS_LIMIT = 3
    UserFactory(email="anna@example.org")
    for _ in range(2):
        client.post(
            LOGIN, {"email": "anna@example.org", "password": "guess"}, REMOTE_ADDR="198.51.100.1"
        )
    client.post(
        LOGIN, {"email": "anna@example.org", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2"
    )
    client.logout()
    client.post(
        LOGIN, {"email": "anna@example.org", "password": "guess"}, REMOTE_ADDR="198.51.100.3"
    )
    response = client.post(
        LOGIN, {"email": "anna@example.org", "password": PASSWORD}, REMOTE_ADDR="198.51.100.4"
    )
    assert response.status_code == 302


def test_deleted_and_inactive_accounts_cannot_log_in(client, db):
    UserFactory(email="off@example.org", is_active=False)
    response = client.post(LOGIN, {"email": "off@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_logout_needs_a_post(client, db):
    # given
    client.force_login(UserFactory())
    # when
    page = client.get(LOGOUT)
    # then: a confirmation page, still logged in
    assert page.status_code == 200
    assert "_auth_user_id" in client.session
    # when
    response = client.post(LOGOUT)
    # then
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_page_markup(client, db):
    html = client.get(LOGIN).content.decode()
    assert 'for="id_email"' in html and 'for="id_password"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:password_reset") in html
