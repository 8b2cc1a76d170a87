"""What the tender's API routers share: error responses and references."""

from ninja import Field, Schema

from spontaan.core import links
from spontaan.core.api_auth import read_auth, write_auth
from spontaan.core.api_schemas import ERRORS_READ, ERRORS_WRITE, ErrorOut

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


ERRORS_LOGIN_READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# Who may call an endpoint, and so which errors it can give (see the scheme API's docstring):
# the authentication and the error responses that go with it.
PUBLIC_READ = (read_auth, ERRORS_READ)
LOGIN_READ = (write_auth, ERRORS_LOGIN_READ)  # only someone with an account: 401 without one
WRITE = (write_auth, ERRORS_WRITE)


def route(router, method: str, path: str, out, summary: str, *, access, status: int = 200):
    """Register an endpoint on ``router``: its answer (``out`` with ``status``), and the
    authentication and errors of ``access``."""
    auth, errors = access
    register = getattr(router, method)
    return register(path, response={status: out, **errors}, auth=auth, summary=summary)


class InitiativeRefOut(Schema):
    id: int
    title: str
    municipality: str
    municipality_name: str


class CriterionMeanOut(Schema):
    criterion_id: int
    name: str
    weight: int
    mean: float | None = Field(description="The panel's mean score; null until scored.")
    n: int = Field(description="How many panel members scored it.")


def absolute_url(request, obj) -> str:
    """The object's page as an absolute URL on `SITE_URL` (never the request's host)."""
    return links.absolute_url(obj.get_absolute_url())


def initiative_ref(initiative) -> dict:
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "municipality": initiative.municipality.slug,
        "municipality_name": initiative.municipality.name,
    }


def criterion_means_out(pairs) -> list[dict]:
    return [
        {
            "criterion_id": c.pk,
            "name": c.name,
            "weight": c.weight,
            "mean": m[0] if m else None,
            "n": m[1] if m else 0,
        }
        for c, m in pairs
    ]


def ledger_entry_out(entry) -> dict:
    """A ledger entry, for the scheme's ledger and (without its id and application) for an
    application's bookings."""
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "kind_label": str(entry.get_kind_display()),
        "amount": entry.amount_euros,
        "application_id": entry.application_id,
        # The scheme's ledger gives the note only where the reader may see it.
        "note": getattr(entry, "visible_note", entry.note),
        "created_at": entry.created_at,
    }
