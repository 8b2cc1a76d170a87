from urllib.parse import urlsplit

from django.conf import settings


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class HeadAsGetMiddleware:
    """Answer HEAD wherever GET is answered, with the same status and headers and no body.

    HTTP requires it (RFC 9110, 9.3.2), but views decorated with `require_GET` or
    `require_http_methods(["GET", ...])` and django-ninja's GET operations refuse HEAD with
    405. Rather than relying on every view to list HEAD, the request is handled as a GET
    and the body dropped here, at the outermost layer, so everything inside (the page cache
    included) sees and stores an ordinary GET.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = request.META["REQUEST_METHOD"] = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = request.META["REQUEST_METHOD"] = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


class SecurityHeadersMiddleware:
    """Content Security Policy and related headers on every response.

    Scripts and styles come only from this site; map tiles and the geocoder from the
    configured provider. No inline script is allowed anywhere.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        tiles = _origin(settings.MAP_TILE_URL.replace("{", "").replace("}", ""))
        geocoder = _origin(settings.GEOCODER_URL)
        self.policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                f"img-src 'self' data: blob: {tiles}".strip(),
                f"connect-src 'self' {geocoder}".strip(),
                "font-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(self), camera=(), microphone=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class LanguageMiddleware:
    """Dutch first: the language is Dutch unless the person chose English (the language switch
    sets a cookie; an account's saved language counts too). The browser's Accept-Language is
    not used, so every visitor starts in Dutch."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        from django.utils import translation

        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        translation.deactivate()
        return response
