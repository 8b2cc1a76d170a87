"""A cache of public pages for anonymous visitors.

Only GET requests without a session, without messages and without an API token are served
from it, and only 200 responses that set no cookie are stored (so no CSRF token or personal
content ever lands in it). The key holds the path, the language, the day, whether it is an
htmx request, and the content version that every successful write request raises.
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
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        raw = "|".join(
            [
                request.get_full_path(),
                language[:8],
                str(timezone.localdate()),
                "hx" if request.headers.get("HX-Request") else "",
                str(content_version()),
            ]
        )
        key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
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
        ):
            headers = [
                (k, v)
                for k, v in response.headers.items()
                if k.lower() not in {"content-length", "set-cookie"}
            ]
            cache.set(key, (response.status_code, headers, response.content), self.timeout)
        return response
