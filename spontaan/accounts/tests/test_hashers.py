"""Passwords are stored with Argon2id (ADR 0009); hashes stored earlier are upgraded."""

import pytest
from django.conf import settings as project_settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher

from spontaan.accounts.models import User
from spontaan.accounts.services import user_authenticate
from spontaan.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PRODUCTION_HASHERS = [
    "spontaan.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


def test_the_project_settings_store_passwords_with_argon2id():
    # the test settings use a fast hasher; the project's own settings are these
    from spontaan import settings as production

    assert production.PASSWORD_HASHERS == PRODUCTION_HASHERS
    assert project_settings.PASSWORD_HASHERS != PRODUCTION_HASHERS


def test_a_new_password_is_an_argon2id_hash_with_owasps_parameters(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = UserFactory()
    user.set_password("een lang en goed wachtwoord")
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password("een lang en goed wachtwoord")
    assert not user.check_password("een ander wachtwoord")


def test_a_pbkdf2_hash_of_before_still_logs_in_and_is_stored_again_with_argon2id(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = UserFactory(email="oud@example.org")
    old = PBKDF2PasswordHasher()
    User.objects.filter(pk=user.pk).update(
        password=old.encode("een lang en goed wachtwoord", old.salt())
    )
    user_authenticate(email="oud@example.org", password="een lang en goed wachtwoord", address="")
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert "m=19456,t=2,p=1" in user.password
