"""A cache of public pages for anonymous visitors.

Only GET requests without a session, without messages and without an API token are served
from it, and only 200 responses that set no cookie are stored (so no CSRF token or personal
content ever lands in it). The key holds everything that can change the answer: the path
and query, the host and scheme, the language, the day, every htmx request header (`HX-Request`,
`HX-Boosted`, `HX-Target`, ...), and the content version that every successful write request
raises. A response that varies on a header the key does not hold is not stored. Absolute URLs
in pages and API answers are built from `SITE_URL`, never from the request's Host header
(`core.links.absolute_url`), so one request cannot put another host into a shared entry.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone

from .models import ContentVersion

CACHED_PREFIXES = (
    "/initiatieven/",
    "/gemeenten/",
    "/reactiesnelheid/",
    "/regelingen/",
    "/api/v1/initiatives",
    "/api/v1/municipalities",
    "/api/v1/responsiveness",
    "/api/v1/schemes",
)
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Request headers the key holds (besides Cookie, of which only the language counts: requests
# with a session or messages cookie are not cached at all); a response that varies on any
# other header is not stored.
KEYED_VARY = {"cookie", "accept-language", "host"}
HTMX_HEADER_PREFIX = "HTTP_HX_"


def content_version() -> int:
    version = ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return version or 0


def content_changed() -> None:
    """Make every cached public page stale."""
    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def _cacheable(request) -> bool:
    if request.method not in {"GET", "HEAD"}:
        return False
    path = request.path
    if path != "/" and not path.startswith(CACHED_PREFIXES):
        return False
    if path.startswith("/reactiesnelheid/werkvoorraad"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _cache_key(request) -> str:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
    htmx = sorted(
        f"{name}={value}"
        for name, value in request.META.items()
        if name.startswith(HTMX_HEADER_PREFIX)
    )
    raw = "\n".join(
        [
            request.get_full_path(),
            request.scheme,
            request.get_host(),
            language[:8],
            str(timezone.localdate()),
            *htmx,
            str(content_version()),
        ]
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _varies_only_on_keyed_headers(response) -> bool:
    varies = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return all(name in KEYED_VARY or name.startswith("hx-") for name in varies)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 60)

    def __call__(self, request):
        if request.method in WRITE_METHODS:
            response = self.get_response(request)
            if response.status_code < 400:
                content_changed()
            return response
        if not self.timeout or not _cacheable(request):
            return self.get_response(request)
        key = _cache_key(request)
        hit = cache.get(key)
        if hit is not None:
            status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and _varies_only_on_keyed_headers(response)
        ):
            headers = [
                (k, v)
                for k, v in response.headers.items()
                if k.lower() not in {"content-length", "set-cookie"}
            ]
            cache.set(key, (response.status_code, headers, response.content), self.timeout)
        return response
