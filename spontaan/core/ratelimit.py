"""Counting events per bucket and key in the database, for sign-up and login limits.

The buckets belong to the apps that count in them (accounts: `accounts.limits`).

Keys (client addresses, e-mail addresses) are never stored in plain text: each is stored as
a keyed SHA-256 (HMAC with the site's secret key), so the table cannot be reversed by hashing
every IPv4 address. Works across several app servers because the counts live in the database.

Limits that guard a slow check (a password) take a slot before the check (`ratelimit_take`):
the event is written first and only then counted, so requests in parallel cannot all read a
count below the limit (see docs/adr/0008-login-throttle-takes-a-slot-before-the-check.md).
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateLimitEvent

# Events older than this are removed whenever their key is counted again.
KEEP_SECONDS = 24 * 60 * 60


def ratelimit_key(value: str) -> str:
    """The stored form of a key: 64 hex characters, never the plain value."""
    # The salt keeps its first name, so keys counted before the module moved still match.
    return salted_hmac(
        "spontaan.accounts.ratelimit", value.strip().lower(), algorithm="sha256"
    ).hexdigest()


def client_address(request: HttpRequest) -> str:
    """The client's IP address.

    `REMOTE_ADDR` unless the setting `RATELIMIT_PROXY_COUNT` says how many trusted proxies
    append to `X-Forwarded-For`; then the address the outermost trusted proxy saw.
    """
    proxies = int(getattr(settings, "RATELIMIT_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def ratelimit_hit(*, bucket: str, key: str) -> None:
    """Count one event for `key` in `bucket` (and forget this key's events older than a day)."""
    hashed = ratelimit_key(key)
    RateLimitEvent.objects.filter(
        bucket=bucket, key=hashed, created_at__lt=timezone.now() - timedelta(seconds=KEEP_SECONDS)
    ).delete()
    RateLimitEvent.objects.create(bucket=bucket, key=hashed)


def ratelimit_take(*, bucket: str, key: str, limit: int, window_seconds: int) -> int | None:
    """Take one of the `limit` slots of `key` in the last `window_seconds`, before the check it
    guards; the event's id, or None (nothing counted) when the slots are taken.

    The event is written (and, outside a transaction, committed) first and counted after, so
    of any number of parallel takers at most `limit` see a count within the limit: the taker
    whose event committed k-th counts at least k events. A refused taker withdraws its event,
    so refusals do not prolong the block. Call it outside `transaction.atomic`, or parallel
    takers cannot see each other's events until the end of their transactions.
    """
    hashed = ratelimit_key(key)
    RateLimitEvent.objects.filter(
        bucket=bucket, key=hashed, created_at__lt=timezone.now() - timedelta(seconds=KEEP_SECONDS)
    ).delete()
    event = RateLimitEvent.objects.create(bucket=bucket, key=hashed)
    since = timezone.now() - timedelta(seconds=window_seconds)
    taken = RateLimitEvent.objects.filter(bucket=bucket, key=hashed, created_at__gte=since).count()
    if taken > limit:
        ratelimit_release(event_id=event.pk)
        return None
    return event.pk


def ratelimit_release(*, event_id: int | None) -> None:
    """Give a taken slot back (the guarded check succeeded, or another limit refused)."""
    if event_id is not None:
        RateLimitEvent.objects.filter(pk=event_id).delete()


def ratelimit_count(*, bucket: str, key: str, window_seconds: int) -> int:
    since = timezone.now() - timedelta(seconds=window_seconds)
    return RateLimitEvent.objects.filter(
        bucket=bucket, key=ratelimit_key(key), created_at__gte=since
    ).count()


def ratelimit_exceeded(*, bucket: str, key: str, limit: int, window_seconds: int) -> bool:
    """Have `limit` or more events been counted for `key` within the last `window_seconds`?"""
    return ratelimit_count(bucket=bucket, key=key, window_seconds=window_seconds) >= limit


def ratelimit_clear(*, bucket: str, key: str) -> None:
    """Forget the events of one key (e.g. an account's failed logins after a good one)."""
    RateLimitEvent.objects.filter(bucket=bucket, key=ratelimit_key(key)).delete()


def ratelimit_prune(*, older_than_seconds: int = KEEP_SECONDS) -> int:
    """Remove all events older than the given age; returns how many were removed."""
    deleted, _ = RateLimitEvent.objects.filter(
        created_at__lt=timezone.now() - timedelta(seconds=older_than_seconds)
    ).delete()
    return deleted
