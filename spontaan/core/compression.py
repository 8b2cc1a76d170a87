"""Large answers sent gzip-compressed, compressed once and not per request.

The map's GeoJSON for one town is over half a megabyte and most cached pages are tens of
kilobytes; browsers accept gzip. Compressing on every request would cost more CPU than serving
the answer from a cache, so an answer carries its compressed form as an *alternative*, made
once when it is built or stored (`with_gzip`), and kept in the same cache entry. The outermost
middleware (`GzipAlternativeMiddleware`) sends the alternative to a client that accepts gzip and
the plain body to one that does not, with `Vary: Accept-Encoding` either way.

Only answers that hold no secret are compressed this way: anonymous pages from the page cache
and public data such as the GeoJSON (a page with a CSRF token would give BREACH a target).
"""

import gzip
import re

from django.utils.cache import patch_vary_headers

GZIP_ATTR = "_spontaan_gzip"
# Below this, gzip's header and the CPU cost more than the bytes saved.
MIN_SIZE = 1024
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/geo+json", "image/svg+xml")
_QUALITY = re.compile(r";\s*q\s*=\s*([0-9.]+)")


def compressible(content_type: str, size: int) -> bool:
    return size >= MIN_SIZE and content_type.lower().startswith(COMPRESSIBLE_TYPES)


def gzip_bytes(content: bytes) -> bytes:
    """Content compressed with gzip, the same bytes for the same content (no time stamp)."""
    return gzip.compress(content, compresslevel=6, mtime=0)


def with_gzip(response, compressed: bytes | None = None):
    """Give a response its gzip alternative: `compressed` when the caller has it already (from
    a cache), otherwise made now if the body is large and compressible enough. Returns the
    response."""
    if compressed is None:
        if getattr(response, "streaming", False) or response.has_header("Content-Encoding"):
            return response
        if not compressible(response.get("Content-Type", ""), len(response.content)):
            return response
        compressed = gzip_bytes(response.content)
    setattr(response, GZIP_ATTR, compressed)
    return response


def gzip_alternative(response) -> bytes | None:
    return getattr(response, GZIP_ATTR, None)


def accepts_gzip(request) -> bool:
    """Whether Accept-Encoding names gzip (or `*`) with a weight above zero."""
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        coding = part.split(";", 1)[0].strip().lower()
        if coding not in {"gzip", "*"}:
            continue
        quality = _QUALITY.search(part)
        try:
            return quality is None or float(quality.group(1)) > 0
        except ValueError:
            return False
    return False


class GzipAlternativeMiddleware:
    """Sends a response's gzip alternative to clients that accept gzip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        compressed = gzip_alternative(response)
        if compressed is None:
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if accepts_gzip(request) and not response.has_header("Content-Encoding"):
            response.content = compressed
            response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(compressed))
        return response
