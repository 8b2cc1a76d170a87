import posixpath

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .language import remember_language
from .uploads import IMAGE_CONTENT_TYPES, protect_served_file


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_GET
def language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the interface language (a preference kept in a cookie) and go back."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("Unknown language.")
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return remember_language(HttpResponseRedirect(target), code)


@require_GET
def serve_media(request: HttpRequest, path: str) -> FileResponse:
    """Public uploads (photos), for development and for installations that let the app serve
    them (SERVE_MEDIA). The web server in front should send the same headers; see the README."""
    parts = path.split("/")
    if not path or "\\" in path or "\0" in path or any(p in ("", ".", "..") for p in parts):
        raise Http404("No such file.")
    storage = storages["default"]
    if not storage.exists(path):
        raise Http404("No such file.")
    extension = posixpath.splitext(path)[1].lower()
    response = FileResponse(
        storage.open(path, "rb"),
        content_type=IMAGE_CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    protect_served_file(response, path)
    response["Cache-Control"] = "public, max-age=3600"
    return response
