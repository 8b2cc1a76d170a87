"""The outer input boundary: what is refused before any view runs, and errors that are
always JSON under /api/v1/.

- a query with a NUL character: 400, in the API 422; in the API also a path with one: 404
  (PostgreSQL cannot compare text with NUL, so it must never reach a query);
- a body (not multipart: uploads have their own limits) over
  `DATA_UPLOAD_MAX_MEMORY_SIZE`: 413 (and 413 too when Django finds out only while reading
  it: `site.api`);
- (a body that an endpoint reads must have a JSON content type, `application/json` or
  `…+json`, else 415: `core.api_schemas.StrictJSONParser`, which knows which endpoints
  read one; a body sent to an endpoint that takes none is ignored);
- every error answer that is not JSON already (an unknown path's 404, a 405 with its
  `Allow` header, the 500 of an unhandled error): the JSON error body, `{"message": …}`.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import JsonResponse

from .api_schemas import is_json_type

API_PREFIX = "/api/v1/"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def error_response(status: int, message: str, fields: dict | None = None) -> JsonResponse:
    body = {"message": message}
    if fields is not None:
        body["fields"] = fields
    return JsonResponse(body, status=status)


def unsupported_media_type() -> JsonResponse:
    return error_response(415, "Send the body as JSON, with the content type application/json.")


def too_large() -> JsonResponse:
    return error_response(413, "The request body is too large.")


def internal_error() -> JsonResponse:
    return error_response(500, "Something went wrong on our side. Please try again later.")


# In English, like the API's other own messages (the services' messages are translated).
MESSAGES = {
    400: "The request is not valid.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    405: "This method is not allowed here.",
    413: "The request body is too large.",
    500: "Something went wrong on our side. Please try again later.",
}


def _has_body(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 1  # an unreadable length: treat as a body, which the checks then judge
    return length > 0 or "HTTP_TRANSFER_ENCODING" in request.META


def _nul_in_query(request) -> list[str]:
    return [
        key
        for key, values in request.GET.lists()
        if "\x00" in key or any("\x00" in v for v in values)
    ]


def _refusal(request) -> JsonResponse | None:
    if "\x00" in request.path:
        return error_response(404, "Not found.")
    bad = _nul_in_query(request)
    if bad:
        message = "A query parameter contains an invalid character."
        return error_response(
            422, message, {key.replace("\x00", "") or "__all__": [message] for key in bad[:5]}
        )
    # Multipart bodies (uploads) are limited by Django per part instead: files do not count
    # towards DATA_UPLOAD_MAX_MEMORY_SIZE (FILE_UPLOAD_MAX_MEMORY_SIZE and the upload checks).
    if (
        request.method in BODY_METHODS
        and _has_body(request)
        and request.content_type != "multipart/form-data"
    ):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return too_large()
    return None


def _as_json(response):
    content_type = response.get("Content-Type", "")
    if response.status_code < 400 or is_json_type(content_type):
        return response
    status = response.status_code
    message = MESSAGES.get(status, response.reason_phrase or "The request failed.")
    replacement = error_response(status, message)
    for header in _KEPT_HEADERS:
        if header in response:
            replacement[header] = response[header]
    return replacement


class ApiBoundaryMiddleware:
    """The boundary of every request; under /api/v1/ with the API's JSON answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            # (A page's path with NUL matches no slug or number in the URL patterns: 404.)
            if _nul_in_query(request):
                raise BadRequest("A query parameter contains a NUL character.")
            return self.get_response(request)
        response = _refusal(request) or self.get_response(request)
        return _as_json(response)
