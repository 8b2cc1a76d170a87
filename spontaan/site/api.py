"""The JSON API under /api/v1/. Each app contributes a router from its api.py; the endpoints
call the same services and selectors as the HTML views."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from spontaan import __version__
from spontaan.clock.api import router as clock_router
from spontaan.core.api_boundary import internal_error, too_large, unsupported_media_type
from spontaan.core.api_schemas import InvalidJSONText, NotJSON, StrictJSONParser, error_body
from spontaan.initiatives.api import router as initiatives_router
from spontaan.initiatives.team_api import invitations_router, team_router
from spontaan.moderation.api import router as moderation_router
from spontaan.places.api import router as places_router
from spontaan.tender.applications.api import applications_router
from spontaan.tender.schemes.api import schemes_router

# What the input boundary (core.api_boundary, the handlers below) may answer on any operation,
# besides what the operation documents itself: the OpenAPI document says so too.
_BOUNDARY_ERRORS = {
    "401": ("security", "Authentication required (or a wrong API token or session)."),
    "404": ("parameters", "Not found."),
    "413": ("requestBody", "The request body is too large."),
    "415": ("requestBody", "The body is not sent as JSON."),
    "422": ("parameters", "The input is not valid."),
}


class SpontaanAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, (needs, description) in _BOUNDARY_ERRORS.items():
                    if operation.get(needs) and status not in responses:
                        responses[status] = {"description": description, "content": error}
        return schema


api = SpontaanAPI(
    title="Spontaan API",
    version=__version__,
    description=(
        "Open data and programmatic access. Read endpoints are public and contain no personal "
        "data. Write with a personal API token (`Authorization: Bearer …`, created on your "
        "account page) or the site's session."
    ),
    urls_namespace="api",
    parser=StrictJSONParser(),
)
logger = logging.getLogger("django.request")


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields = _field_errors(exc)
    first = next(iter(fields.values()))[0] if fields else "Invalid input."
    return api.create_response(request, error_body(first, fields), status=400)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request, exc: NinjaValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [
            str(part)
            for part in error.get("loc", [])
            if part not in ("body", "query", "path", "payload", "form")
        ]
        fields.setdefault(".".join(loc) or "__all__", []).append(error.get("msg", "invalid"))
    return api.create_response(request, error_body("The input is not valid.", fields), status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc: PermissionDenied):
    message = str(exc) or "You do not have permission to do this."
    return api.create_response(request, {"message": message}, status=403)


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return api.create_response(request, {"message": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc: AuthenticationError):
    return api.create_response(
        request, {"message": "Authentication required: a valid API token or session."}, status=401
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, NotJSON):  # the parser refused the body's content type
        return unsupported_media_type()
    if isinstance(exc.__cause__, InvalidJSONText):  # the parser refused the body's text
        message = "Text in the body is not valid Unicode (a lone surrogate)."
        fields = {exc.__cause__.loc or "__all__": [message]}
        return api.create_response(request, error_body(message, fields), status=422)
    return api.create_response(request, error_body(str(exc)), status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def on_too_large(request, exc: RequestDataTooBig):
    return too_large()


@api.exception_handler(Exception)
def on_unexpected(request, exc: Exception):
    """Any other error: logged in full, answered as JSON without details, DEBUG or not."""
    logger.error("Unhandled error in the API: %s", request.path, exc_info=exc)
    return internal_error()


api.add_router("/municipalities", places_router)
initiatives_router.add_router("", team_router)
api.add_router("/initiatives", initiatives_router)
api.add_router("/team-invitations", invitations_router)
api.add_router("/responsiveness", clock_router)
api.add_router("/schemes", schemes_router)
api.add_router("/applications", applications_router)
api.add_router("/moderation", moderation_router)
