import pytest
from django.urls import reverse

from spontaan.accounts.models import ApiToken, EmailMode, Role, RoleGrant, User
from spontaan.accounts.tests.factories import UserFactory
from spontaan.accounts.tests.helpers import profile_data
from spontaan.accounts.tokens import token_authenticate, token_create

ACCOUNT = reverse("accounts:account")
PROFILE = reverse("accounts:profile")
TOKENS = reverse("accounts:token_create")


@pytest.mark.parametrize(
    "name",
    [
        "accounts:account",
        "accounts:profile",
        "accounts:password_change",
        "accounts:token_create",
        "accounts:export",
        "accounts:delete",
    ],
)
def test_anonymous_visitors_are_sent_to_login(client, db, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_account_page_shows_profile_roles_and_tokens(client, municipality):
    # given
    user = UserFactory(display_name="Anna", email="anna@example.org")
    RoleGrant.objects.create(user=user, municipality=municipality, role=Role.CONNECTOR)
    token, _raw = token_create(user=user, name="Mijn script")
    other_token, _raw = token_create(user=UserFactory(), name="Iemand anders")
    client.force_login(user)
    # when
    html = client.get(ACCOUNT).content.decode()
    # then
    assert "anna@example.org" in html
    assert "Hengelo" in html
    assert "Mijn script" in html and token.prefix in html
    assert "Iemand anders" not in html
    assert token.key_hash not in html
    assert "style=" not in html


def test_profile_update(client, db, settings):
    # given
    user = UserFactory(display_name="Anna")
    client.force_login(user)
    # when
    response = client.post(
        PROFILE, profile_data("  Anna  van   Dijk ", email_mode=EmailMode.WEEKLY_DIGEST)
    )
    # then
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Anna van Dijk"
    assert user.language == "en"
    assert user.email_mode == EmailMode.WEEKLY_DIGEST
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"profile-display_name": ""}, "display_name"),
        ({"profile-display_name": "a" * 81}, "display_name"),
        ({"profile-display_name": "kijk op https://spam.example"}, "display_name"),
        ({"profile-language": "de"}, "language"),
        ({"profile-email_mode": "hourly"}, "email_mode"),
    ],
)
def test_bad_profile_input_changes_nothing(client, db, changes, field):
    # given
    user = UserFactory(display_name="Anna", language="nl", email_mode=EmailMode.DAILY_DIGEST)
    client.force_login(user)
    data = {**profile_data(), **changes}
    # when
    response = client.post(PROFILE, data)
    # then
    assert response.status_code == 200
    assert field in response.context["profile_form"].errors
    assert f'aria-describedby="id_profile-{field}' in response.content.decode()
    user.refresh_from_db()
    assert (user.display_name, user.language, user.email_mode) == (
        "Anna",
        "nl",
        EmailMode.DAILY_DIGEST,
    )


def test_token_create_shows_the_raw_token_once(client, db):
    # given
    user = UserFactory()
    client.force_login(user)
    # when
    response = client.post(TOKENS, {"token-name": "Dashboard"})
    # then
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    raw = response.context["new_token"]
    assert raw.startswith("spt_")
    assert raw in response.content.decode()
    assert token_authenticate(raw) == user
    assert ApiToken.objects.get(user=user).name == "Dashboard"
    # and it is never shown again
    assert raw not in client.get(ACCOUNT).content.decode()


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_bad_token_name_creates_nothing(client, db, name):
    client.force_login(UserFactory())
    response = client.post(TOKENS, {"token-name": name})
    assert response.status_code == 200
    assert "name" in response.context["token_form"].errors
    assert ApiToken.objects.count() == 0


def test_unverified_account_cannot_create_a_token(client, db):
    client.force_login(UserFactory(unverified=True))
    response = client.post(TOKENS, {"token-name": "Script"})
    assert response.status_code == 200
    assert b"Confirm your e-mail address" in response.content
    assert ApiToken.objects.count() == 0


def test_revoked_token_stops_working(client, db):
    # given
    user = UserFactory()
    token, raw = token_create(user=user, name="Script")
    assert token_authenticate(raw) == user
    client.force_login(user)
    # when
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    # then
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert token_authenticate(raw) is None


def test_one_cannot_revoke_someone_elses_token(client, db):
    # given
    owner = UserFactory()
    token, raw = token_create(user=owner, name="Script")
    client.force_login(UserFactory())
    # when
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    # then
    assert response.status_code == 404
    assert token_authenticate(raw) == owner


def test_revoke_needs_post(client, db):
    user = UserFactory()
    token, _raw = token_create(user=user, name="Script")
    client.force_login(user)
    assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_api_accepts_a_token_from_the_account_page(client, db):
    user = UserFactory()
    client.force_login(user)
    raw = client.post(TOKENS, {"token-name": "Script"}).context["new_token"]
    assert User.objects.get(pk=token_authenticate(raw).pk) == user


def test_account_page_query_count_does_not_grow_with_tokens(
    client, db, django_assert_max_num_queries
):
    user = UserFactory()
    client.force_login(user)
    for n in range(3):
        token_create(user=user, name=f"t{n}")
    with django_assert_max_num_queries(12) as few:
        client.get(ACCOUNT)
    for n in range(30):
        token_create(user=user, name=f"u{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(ACCOUNT)


def test_a_refused_password_change_shows_its_own_input_and_errors_and_empty_other_forms(client, db):
    user = UserFactory(display_name="Anna")
    client.force_login(user)
    empty = client.get(ACCOUNT).text
    assert 'name="password-old_password"' in empty and 'name="token-name"' in empty
    assert 'aria-invalid="true"' not in empty
    response = client.post(
        reverse("accounts:password_change"),
        {
            "password-old_password": "niet-het-wachtwoord",
            "password-new_password": "een nieuw lang wachtwoord",
            "password-new_password_again": "iets anders dan dat",
        },
    )
    html = response.text
    assert response.status_code == 200
    assert "The two passwords are not the same." in html  # the account is in English
    assert 'aria-invalid="true"' in html and 'value="niet-het-wachtwoord"' not in html
    # the token form is still the empty one, the same as on a plain visit
    token_form = empty[empty.index('name="token-name"') - 200 : empty.index('name="token-name"')]
    assert token_form in html
