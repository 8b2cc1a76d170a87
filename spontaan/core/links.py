"""Absolute URLs for pages, API answers and e-mails.

Always built from the `SITE_URL` setting, never from the request's Host header: the Host
header is chosen by the client, and answers are shared through the public page cache.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`SITE_URL` + `path`; a URL that is absolute already (media on another host) as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + "/" + path.lstrip("/")
