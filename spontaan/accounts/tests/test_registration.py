from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from spontaan.accounts import verification
from spontaan.accounts.models import User
from spontaan.accounts.tests.conftest import link_in
from spontaan.accounts.tests.factories import PASSWORD, UserFactory
from spontaan.core.models import RateLimitEvent

REGISTER = reverse("accounts:register")


def _form(**changes):
    data = {
        "display_name": "Sanne de Vries",
        "email": "Sanne@Example.org",
        "password": "een lange zin als wachtwoord",
        "password_again": "een lange zin als wachtwoord",
        "accepted_privacy": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_register_creates_an_unverified_account_and_mails_a_link(client, mailoutbox, committed):
    # when
    response = committed(client.post, REGISTER, _form())
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_done")
    user = User.objects.get()
    assert user.email == "sanne@example.org"
    assert user.display_name == "Sanne de Vries"
    assert user.email_verified_at is None
    assert user.check_password("een lange zin als wachtwoord")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sanne@example.org"]
    assert "/account/bevestigen/" in mailoutbox[0].body
    # and the page tells to check the mail, without logging in
    page = client.get(response["Location"])
    assert "sanne@example.org" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_verification_link_verifies_and_logs_in(client, mailoutbox, committed):
    # given
    committed(client.post, REGISTER, _form())
    link = link_in(mailoutbox[0].body)
    # when
    response = client.get(link)
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    user = User.objects.get()
    assert user.email_verified_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)


def test_verification_link_works_only_once(client, db):
    # given
    user = UserFactory(unverified=True)
    link = reverse("accounts:verify", args=[verification.verification_token(user)])
    client.get(link)
    client.logout()
    # when
    response = client.get(link)
    # then
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_expired_verification_link_is_refused(client, db, settings):
    # given
    user = UserFactory(unverified=True)
    token = verification.verification_token(user)
    settings.EMAIL_VERIFICATION_MAX_AGE = -1
    # when
    response = client.get(reverse("accounts:verify", args=[token]))
    # then
    assert response.status_code == 400
    assert b"expired" in response.content
    user.refresh_from_db()
    assert user.email_verified_at is None
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "nonsense",
        lambda token: signing.dumps({"u": 999999, "s": "x"}, salt=verification.SALT),
        lambda token: signing.dumps({"u": "1"}, salt=verification.SALT),
        lambda token: signing.dumps([1, 2], salt=verification.SALT),
    ],
)
def test_tampered_verification_link_is_refused(client, db, tamper):
    # given
    user = UserFactory(unverified=True)
    token = tamper(verification.verification_token(user))
    # when
    response = client.get(reverse("accounts:verify", args=[token]))
    # then
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_link_for_an_old_address_stops_working_when_the_address_changes(client, db):
    # given
    user = UserFactory(unverified=True)
    token = verification.verification_token(user)
    User.objects.filter(pk=user.pk).update(email="new@example.org")
    # when
    response = client.get(reverse("accounts:verify", args=[token]))
    # then
    assert response.status_code == 400


def test_duplicate_email_does_not_reveal_the_account(client, mailoutbox, committed):
    # given
    owner = UserFactory(email="sanne@example.org", display_name="Sanne")
    fresh = committed(client.post, REGISTER, _form(email="fresh@example.org"))
    client.cookies.clear()
    # when
    duplicate = committed(client.post, REGISTER, _form(email="SANNE@example.org "))
    # then: the same answer as for a new address
    assert duplicate.status_code == fresh.status_code == 302
    assert duplicate["Location"] == fresh["Location"]
    assert User.objects.filter(email__iexact="sanne@example.org").count() == 1
    owner.refresh_from_db()
    assert owner.display_name == "Sanne"
    assert owner.check_password(PASSWORD)
    # and the owner gets a note instead of a verification link
    note = mailoutbox[-1]
    assert note.to == ["sanne@example.org"]
    assert "/account/bevestigen/" not in note.body
    assert "/account/wachtwoord-vergeten/" in note.body


def test_signup_is_limited_per_address(client, settings, mailoutbox, committed):
    # given
    settings.SIGNUP_LIMIT_PER_ADDRESS = 2
    for n in range(2):
        committed(client.post, REGISTER, _form(email=f"p{n}@example.org"))
    # when
    response = committed(client.post, REGISTER, _form(email="p9@example.org"))
    # then
    assert response.status_code == 429
    assert b"Too many accounts" in response.content
    assert not User.objects.filter(email="p9@example.org").exists()
    assert len(mailoutbox) == 2
    # and another address may still sign up
    other = committed(
        client.post, REGISTER, _form(email="p8@example.org"), REMOTE_ADDR="198.51.100.4"
    )
    assert other.status_code == 302


def test_signup_limit_stores_no_plain_address(client, db, committed):
    committed(client.post, REGISTER, _form(), REMOTE_ADDR="198.51.100.23")
    assert RateLimitEvent.objects.count() == 1
    assert "198.51.100.23" not in RateLimitEvent.objects.get().key


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "   "}, "display_name"),
        ({"display_name": "x" * 81}, "display_name"),
        ({"display_name": "Koop nu www.spam.example"}, "display_name"),
        ({"email": "not-an-address"}, "email"),
        ({"email": ""}, "email"),
        ({"password": "kort", "password_again": "kort"}, "password"),
        ({"password": "1234567890123", "password_again": "1234567890123"}, "password"),
        ({"password_again": "iets anders dan het eerste"}, "password_again"),
        ({"accepted_privacy": None}, "accepted_privacy"),
    ],
)
def test_bad_registration_input_writes_nothing(client, mailoutbox, committed, changes, field):
    # when
    response = committed(client.post, REGISTER, _form(**changes))
    # then
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "aria-invalid" in html
    assert User.objects.count() == 0
    assert RateLimitEvent.objects.count() == 0
    assert mailoutbox == []


def test_register_page_is_accessible_markup(client, db):
    html = client.get(REGISTER).content.decode()
    assert 'for="id_email"' in html
    assert 'autocomplete="new-password"' in html
    assert 'autocomplete="email"' in html
    assert 'aria-describedby="id_password_helptext"' in html
    assert "<script>" not in html.split("</head>")[1]
    assert "style=" not in html


def test_logged_in_people_are_sent_to_their_account(client, db):
    client.force_login(UserFactory())
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")


def test_unverified_account_can_resend_the_link_a_few_times(client, mailoutbox, committed):
    # given
    user = UserFactory(unverified=True)
    client.force_login(user)
    # when
    for _ in range(4):
        committed(client.post, reverse("accounts:verify_resend"))
    # then
    assert len(mailoutbox) == 3
    link = link_in(mailoutbox[0].body)
    assert client.get(link).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_account_page_shows_the_unverified_notice(client, db):
    client.force_login(UserFactory(unverified=True))
    html = client.get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:verify_resend") in html


def test_verified_account_gets_no_new_link(client, mailoutbox, committed):
    client.force_login(UserFactory())
    response = committed(client.post, reverse("accounts:verify_resend"), follow=True)
    assert mailoutbox == []
    assert b"already been confirmed" in response.content


def test_verification_mail_is_in_the_account_language(client, mailoutbox, committed, settings):
    # the verification mail renders in the language chosen at sign-up; English text is
    # the source, so an English sign-up must give an English mail
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    committed(client.post, REGISTER, _form())
    assert User.objects.get().language == "en"
    assert "Welcome to Spontaan" in mailoutbox[0].body


def test_verification_token_expiry_is_a_timestamp(db):
    # a token made now still works within its age
    user = UserFactory(unverified=True)
    token = verification.verification_token(user)
    assert verification.verification_user(token) == user
    assert timedelta(seconds=verification.max_age()) >= timedelta(hours=24)
