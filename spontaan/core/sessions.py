"""Django's database sessions, read with SQL built once (see core.rows).

Writing, expiry and clearing stay Django's; only the read that every request with a session
cookie makes skips compiling a queryset. Set as SESSION_ENGINE.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from .rows import CompiledSelect

_SESSION_DATA = CompiledSelect(
    Session, ("session_data",), where=(("session_key", "="), ("expire_date", ">"))
)


class SessionStore(DatabaseSessionStore):
    def load(self):
        found = _SESSION_DATA.rows(self.session_key, timezone.now()) if self.session_key else []
        if not found:
            self._session_key = None
            return {}
        return self.decode(found[0][0])
