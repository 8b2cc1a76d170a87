r"""A cache of public pages for anonymous visitors, made stale by what changed.

Only GET requests without a session, without messages and without an API token are served
from it, and only 200 responses that set no cookie are stored (so no CSRF token or personal
content ever lands in it). The key holds everything that can change the answer: the path
and query, the host and scheme, the language, the day, every htmx request header (`HX-Request`,
`HX-Boosted`, `HX-Target`, ...), and the versions of the content areas the page shows. A
response that varies on a header the key does not hold is not stored. Absolute URLs in pages
and API answers are built from `SITE_URL`, never from the request's Host header
(`core.links.absolute_url`), so one request cannot put another host into a shared entry.

Areas. A write that changes public content says which areas it changed, in the owning app's
service: `touch("initiative:12", "initiatives", "municipality:utrecht")`. The versions rise
once the transaction commits, so a page read after them shows the change. A page says which
areas it shows through the `page_areas` registry: a regular expression on the path and the
areas, with the pattern's named groups filled in (`/initiatieven/(?P<pk>\d+)/` shows
`initiative:{pk}`). Every entry that matches adds its areas (a capability adds what its
section shows to another app's page); every page also shows `site`, which a write nobody
could classify raises (see `FALLBACK_WRITE_PREFIXES`); a cached page that no entry matches
shows `any`, which every touch raises. A login, a follow of another page, a notification
read or a report raises nothing, so the cache keeps serving. The versions of one page are
read in one query.
"""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone

from .compression import gzip_alternative, with_gzip
from .models import ContentArea
from .registry import Registry

# Every page shows it; the fallback for writes nobody could classify raises it.
SITE = "site"
# Every touch raises it; a cached page no `page_areas` entry matches shows it.
ANY = "any"
MAX_AREA_LENGTH = 120


@dataclass(frozen=True)
class PageAreas:
    """The areas a page shows: `pattern` is matched against the path from its start, and each
    of `areas` is filled with the pattern's named groups (`"initiative:{pk}"`)."""

    key: str
    pattern: str
    areas: tuple[str, ...]
    order: int = 100


page_areas: Registry[PageAreas] = Registry("core.pagecache.page_areas")


def area(kind: str, ident: object) -> str:
    """The name of one object's area: `area("initiative", 12)` is `initiative:12`."""
    return f"{kind}:{ident}"


def touch(*areas: str) -> None:
    """The content of these areas changed: once the current transaction commits, every cached
    page that shows one of them is stale. Call it in the service that makes the change."""
    names = {name for name in areas if name}
    if not names:
        return
    for name in names:
        if len(name) > MAX_AREA_LENGTH:
            raise ValueError(f"An area name is at most {MAX_AREA_LENGTH} characters: {name!r}")
    names.add(ANY)
    transaction.on_commit(lambda: _raise_versions(names))


def _raise_versions(names: Iterable[str]) -> None:
    """One short statement per area, in name order, so that two writers never wait on each
    other's rows in opposite orders."""
    for name in sorted(names):
        raised = ContentArea.objects.filter(name=name).update(version=F("version") + 1)
        if not raised:
            # First touch: create it (another writer may just have), then raise it.
            ContentArea.objects.bulk_create([ContentArea(name=name)], ignore_conflicts=True)
            ContentArea.objects.filter(name=name).update(version=F("version") + 1)


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def areas_of(path: str) -> list[str]:
    """The areas the page at this path shows, `site` included."""
    found = {SITE}
    matched = False
    for entry in page_areas:
        match = _compiled(entry.pattern).match(path)
        if match is None:
            continue
        matched = True
        groups = match.groupdict()
        found.update(name.format(**groups) for name in entry.areas)
    if not matched:
        found.add(ANY)
    return sorted(found)


@lru_cache(maxsize=64)
def _versions_sql(vendor: str, count: int) -> str:
    """`SELECT name, version ... WHERE name IN (%s, ...)` for `count` names, built once: every
    cached page and shared part reads it, and compiling a queryset costs more than the read.
    Only the model's own table and column names; the names are parameters."""
    quote = connection.ops.quote_name
    table = quote(ContentArea._meta.db_table)
    name, version = quote("name"), quote("version")
    marks = ", ".join(["%s"] * count)
    return f"SELECT {name}, {version} FROM {table} WHERE {name} IN ({marks})"  # noqa: S608


def area_versions(names: Iterable[str]) -> dict[str, int]:
    """The current versions of these areas (0 for an area never touched), in one query."""
    names = list(names)
    versions = dict.fromkeys(names, 0)
    if not names:
        return versions
    with connection.cursor() as cursor:
        cursor.execute(_versions_sql(connection.vendor, len(names)), names)
        versions.update((name, int(version)) for name, version in cursor.fetchall())
    return versions


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
# Write paths whose changes nobody classified (the Django admin edits any table): a successful
# write under them raises `site`, which every cached page shows.
FALLBACK_WRITE_PREFIXES = ("/beheer/",)
# Request headers the key holds (besides Cookie, of which only the language counts: requests
# with a session or messages cookie are not cached at all); a response that varies on any
# other header is not stored.
KEYED_VARY = {"cookie", "accept-language", "host"}
HTMX_HEADER_PREFIX = "HTTP_HX_"


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
            *(
                f"{name}={version}"
                for name, version in area_versions(areas_of(request.path)).items()
            ),
        ]
    )
    return "page:v2:" + hashlib.sha256(raw.encode()).hexdigest()


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
            if response.status_code < 400 and request.path.startswith(FALLBACK_WRITE_PREFIXES):
                touch(SITE)
            return response
        if not self.timeout or not _cacheable(request):
            return self.get_response(request)
        key = _cache_key(request)
        hit = cache.get(key)
        if hit is not None:
            status, headers, content, compressed = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return with_gzip(response, compressed) if compressed else response
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
            # Compressed once here, so that every hit can be sent compressed for free.
            with_gzip(response, gzip_alternative(response))
            entry = (response.status_code, headers, response.content, gzip_alternative(response))
            cache.set(key, entry, self.timeout)
        return response
