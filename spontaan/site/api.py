"""The JSON API under /api/v1/. Each app contributes a router from its api.py; the endpoints
call the same services and selectors as the HTML views."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from spontaan import __version__
from spontaan.clock.api import router as clock_router
from spontaan.initiatives.api import router as initiatives_router
from spontaan.initiatives.team_api import invitations_router, team_router
from spontaan.moderation.api import router as moderation_router
from spontaan.places.api import router as places_router
from spontaan.tender.applications.api import applications_router
from spontaan.tender.schemes.api import schemes_router

api = NinjaAPI(
    title="Spontaan API",
    version=__version__,
    description=(
        "Open data and programmatic access. Read endpoints are public and contain no personal "
        "data. Write with a personal API token (`Authorization: Bearer …`, created on your "
        "account page) or the site's session."
    ),
    urls_namespace="api",
)


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields = _field_errors(exc)
    first = next(iter(fields.values()))[0] if fields else "Invalid input."
    return api.create_response(request, {"message": first, "fields": fields}, status=400)


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
    return api.create_response(
        request, {"message": "The input is not valid.", "fields": fields}, status=422
    )


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
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)


api.add_router("/municipalities", places_router)
initiatives_router.add_router("", team_router)
api.add_router("/initiatives", initiatives_router)
api.add_router("/team-invitations", invitations_router)
api.add_router("/responsiveness", clock_router)
api.add_router("/schemes", schemes_router)
api.add_router("/applications", applications_router)
api.add_router("/moderation", moderation_router)
