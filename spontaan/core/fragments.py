"""Parts of pages that many people see alike, cached by what they show.

Signed-in people get no page cache: their pages carry their name, their notifications and a
CSRF token. Most of what they look at is still the same for many of them: the cards of a
filtered list, the decided cases of a scheme, the timeline of an initiative. A view renders
such a part through `shared()`, which caches the rendered HTML (or any text, such as a JSON
body) under a key of

- the part's name and what it varies on, as the view states it: the filters, the page
  number, and the viewer's *scope* (what of the hidden or personal content this person may
  see, for instance `initiatives.selectors.visibility_scope`), never the person as such;
- the language and the day (texts such as "3 working days so far" change at midnight);
- the versions of the content areas the page shows (`core.pagecache.areas_of`), so a write
  that touches one of them makes the part stale once its transaction commits, exactly as
  for the anonymous page cache.

What may go into a shared part: only what everyone with the same vary values sees alike: no
"you follow this", no name of the viewer unless the part varies on the viewer. A part may
hold forms that post: render it with `render_part()` (or give its context `csrf_token =
CSRF_STAND_IN`), so that `{% csrf_token %}` writes a stand-in, which `shared()` replaces by
the token of the request that shows the part. `SHARED_FRAGMENT_CACHE_SECONDS` (default 300) bounds how long a part
lives; 0 turns the cache off and every part is rendered each time.
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .pagecache import area_versions, areas_of

_VERSIONS_ATTR = "_spontaan_area_versions"
# What `{% csrf_token %}` writes in a shared part; replaced by the request's own token.
CSRF_STAND_IN = "csrf-stand-in-for-a-shared-part"
_MISSING = object()
T = TypeVar("T")


def page_versions(request) -> str:
    """The versions of the content areas this request's page shows, read once per request."""
    versions = getattr(request, _VERSIONS_ATTR, None)
    if versions is None:
        versions = ",".join(
            f"{name}={version}"
            for name, version in sorted(area_versions(areas_of(request.path)).items())
        )
        setattr(request, _VERSIONS_ATTR, versions)
    return versions


def fragment_key(request, name: str, vary: Iterable[object]) -> str:
    raw = "\n".join(
        [
            name,
            *(repr(part) for part in vary),
            get_language() or "",
            str(timezone.localdate()),
            page_versions(request),
        ]
    )
    return f"fragment:{name}:" + hashlib.sha256(raw.encode()).hexdigest()


def shared_value(request, name: str, vary: Iterable[object], compute: Callable[[], T]) -> T:
    """What `compute()` returns (anything the cache can store: text, a dict of plain values),
    from the cache when it is there.

    `vary` holds everything besides the language, the day and the page's content versions
    that changes what `compute()` returns for this request. Leave out nothing that does: a
    missing vary value shows one person's part to another."""
    seconds = getattr(settings, "SHARED_FRAGMENT_CACHE_SECONDS", 0)
    if not seconds:
        return compute()
    key = fragment_key(request, name, vary)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


def render_part(template_name: str, context: dict, request=None) -> str:
    """Render a template for a shared part: its `{% csrf_token %}` writes the stand-in."""
    return render_to_string(template_name, {**context, "csrf_token": CSRF_STAND_IN}, request)


def shared(request, name: str, vary: Iterable[object], render: Callable[[], str]) -> SafeString:
    """The HTML part `name` as `render()` makes it (with the project's autoescaping
    templates), from the cache when it is there; see `shared_value` for `vary`. A CSRF
    stand-in in it becomes this request's token."""
    text = shared_value(request, name, vary, lambda: str(render()))
    if CSRF_STAND_IN in text:
        text = text.replace(CSRF_STAND_IN, get_token(request))
    return mark_safe(text)  # noqa: S308 - rendered by our own autoescaping templates
