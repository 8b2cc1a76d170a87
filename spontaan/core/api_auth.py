"""API authentication: personal bearer tokens, or the site's session (with CSRF for writes).

Read endpoints use `read_auth` (anonymous allowed); writes use `write_auth`.
"""

from django.contrib.auth.models import AnonymousUser
from ninja.errors import AuthenticationError
from ninja.security import SessionAuth
from ninja.security.http import HttpBearer

from spontaan.accounts.tokens import token_authenticate


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
