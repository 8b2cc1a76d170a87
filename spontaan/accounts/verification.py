"""Signed, expiring links that confirm an e-mail address.

The token carries the account id and a digest of the account's e-mail address and
verification state, signed with a timestamp. It stops working when it expires, when the
address changes, and once the address has been confirmed (so a link logs in only once).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import User

SALT = "spontaan.accounts.verify-email"
DEFAULT_MAX_AGE = 3 * 24 * 60 * 60  # three days


def max_age() -> int:
    return int(getattr(settings, "EMAIL_VERIFICATION_MAX_AGE", DEFAULT_MAX_AGE))


def _state(user: User) -> str:
    verified = user.email_verified_at.isoformat() if user.email_verified_at else ""
    value = f"{user.pk}|{user.email}|{verified}|{user.deleted_at or ''}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=SALT)


def verification_url(user: User) -> str:
    return settings.SITE_URL + reverse("accounts:verify", args=[verification_token(user)])


class InvalidToken(Exception):
    """The link is tampered with, expired, or already used."""


class ExpiredToken(InvalidToken):
    pass


def verification_user(token: str) -> User:
    """The account a valid token belongs to; raises InvalidToken (or ExpiredToken)."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as exc:
        raise ExpiredToken from exc
    except signing.BadSignature as exc:
        raise InvalidToken from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise InvalidToken
    user = User.objects.filter(pk=payload["u"], is_active=True, deleted_at__isnull=True).first()
    if user is None or not constant_time_compare(str(payload.get("s", "")), _state(user)):
        raise InvalidToken
    return user
