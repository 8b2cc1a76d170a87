"""Absolute URLs for pages, API answers and e-mails.

Always built from the `SITE_URL` setting, never from the request's Host header: the Host
header is chosen by the client, and answers are shared through the public page cache.
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# A number that passes the int and slug path converters and appears nowhere in a route.
_PLACEHOLDER = "7350921864"
_url_parts: dict[tuple, tuple[str, str]] = {}


def absolute_url(path: str) -> str:
    """`SITE_URL` + `path`; a URL that is absolute already (media on another host) as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + "/" + path.lstrip("/")


def object_path(name: str, pk: int) -> str:
    """`reverse(name, args=[pk])` for a route with one whole-number argument, reversed once per
    URL configuration and script prefix (reverse() costs ~30 µs a call; lists call it per row)."""
    key = (name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    parts = _url_parts.get(key)
    if parts is None:
        head, _, tail = reverse(name, args=[_PLACEHOLDER]).partition(_PLACEHOLDER)
        parts = _url_parts[key] = (head, tail)
    return f"{parts[0]}{int(pk)}{parts[1]}"
