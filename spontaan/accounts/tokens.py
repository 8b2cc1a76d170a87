"""Personal API tokens: `spt_` + 40 random characters; only the SHA-256 hash is stored."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from spontaan.core.api_auth import register_token_authenticator

from .models import ApiToken, User

PREFIX = "spt_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    raw = PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "API").strip()[:80] or "API",
        prefix=raw[:10],
        key_hash=_hash(raw),
    )
    return token, raw


def token_authenticate(raw: str) -> User | None:
    if not raw or not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(raw)).first()
    if token is None or not token.user.is_active or token.user.deleted_at is not None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> bool:
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def tokens_revoke_all(*, user: User) -> int:
    """Revoke all of a person's tokens (their password changed); how many there were."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


def register() -> None:
    register_token_authenticator(token_authenticate)
