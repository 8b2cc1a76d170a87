"""API authentication: personal bearer tokens, or the site's session (with CSRF for writes).

Read endpoints use `read_auth` (anonymous allowed); writes use `write_auth`. The accounts
app, which owns the tokens, registers the function that checks one
(`register_token_authenticator`), so the ground knows no app above it.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from ninja.errors import AuthenticationError
from ninja.security import SessionAuth
from ninja.security.http import HttpBearer

_token_authenticator: list[Callable[[str], Any]] = []


def register_token_authenticator(fn: Callable[[str], Any]) -> None:
    """`fn(token)` returns the token's user, or None for an unknown or revoked token."""
    if _token_authenticator and _token_authenticator[0] is not fn:
        raise RuntimeError("A token authenticator is registered already.")
    _token_authenticator[:] = [fn]


def token_authenticate(token: str) -> Any:
    if not _token_authenticator:
        raise RuntimeError("No token authenticator is registered.")
    return _token_authenticator[0](token)


class TokenAuth(HttpBearer):
    def __call__(self, request):
        header = request.headers.get("Authorization")
        if header is None:
            return None
        parts = header.split(" ", 1)
        if len(parts) != 2 or parts[0].lower() != "bearer":
            raise AuthenticationError()
        return self.authenticate(request, parts[1].strip())

    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is None:
            raise AuthenticationError()  # a wrong token is an error, never anonymous access
        request.user = user
        return user


def anonymous(request):
    """Public reads: fall through to the (possibly anonymous) session user."""
    return request.user if request.user.is_authenticated else AnonymousUser()


class LoggedInSessionAuth(SessionAuth):
    """The site's session; checks CSRF only for someone who is logged in, so an anonymous
    write gets 401 (authentication required), not a CSRF error."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


token_auth = TokenAuth()
session_auth = LoggedInSessionAuth()
read_auth = [token_auth, session_auth, anonymous]
write_auth = [token_auth, session_auth]
