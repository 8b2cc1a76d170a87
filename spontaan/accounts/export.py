"""“Export my data” (AVG/GDPR art. 15 and 20): one JSON document about one account.

Other apps contribute a section without accounts importing them. In the app's
`AppConfig.ready()`:

    from spontaan.accounts.export import register_exporter
    register_exporter("initiatives", initiatives_for_export)   # fn(user) -> JSON-able data

An exporter returns only what belongs to or is about that person, never someone else's
personal data. Datetimes, dates, decimals and UUIDs are serialised by DjangoJSONEncoder.
"""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from spontaan.core.registry import register_function

from .models import User

FORMAT_VERSION = 1
Exporter = Callable[[User], Any]

_exporters: dict[str, Exporter] = {}


def register_exporter(name: str, fn: Exporter) -> None:
    """Add a section `name` to every export. Registering the same function again is harmless."""
    if not name or not isinstance(name, str):
        raise ValueError("An exporter needs a name.")
    if name in _RESERVED:
        raise ValueError(f"The export section name {name!r} is reserved.")
    register_function(_exporters, "An exporter", name, fn)


def unregister_exporter(name: str) -> None:
    _exporters.pop(name, None)


def registered_exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def _account(user: User) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "language": user.language,
        "email_mode": user.email_mode,
        "email_verified_at": user.email_verified_at,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "last_digest_at": user.last_digest_at,
        "is_staff": user.is_staff,
    }


def _roles(user: User) -> list[dict]:
    return [
        {
            "municipality": grant.municipality.name,
            "municipality_id": grant.municipality_id,
            "role": grant.role,
            "granted_at": grant.granted_at,
        }
        for grant in user.role_grants.select_related("municipality").order_by("granted_at", "pk")
    ]


def _api_tokens(user: User) -> list[dict]:
    return [
        {
            "name": token.name,
            "prefix": token.prefix,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
        }
        for token in user.api_tokens.order_by("created_at", "pk")
    ]


_BUILT_IN: dict[str, Exporter] = {"account": _account, "roles": _roles, "api_tokens": _api_tokens}
_RESERVED = {"format_version", "generated_at", *_BUILT_IN}


def user_export_data(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about `user`, as JSON-able data (built-in, then apps)."""
    data: dict[str, Any] = {"format_version": FORMAT_VERSION, "generated_at": timezone.now()}
    for name, fn in _BUILT_IN.items():
        data[name] = fn(user)
    for name in sorted(_exporters):
        data[name] = _exporters[name](user)
    return data
