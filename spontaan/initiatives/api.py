"""The initiatives API: open data (list, GeoJSON, detail, timeline, asks, conflicts) and the
writes an initiator's or a municipality's own tools need.

Thin: every endpoint calls the selectors (reads, scoped to what the caller may see) and the
services (writes, with the rules and permission checks) that the HTML views call too. Public
output names people only by their public display name or as team actors, never by e-mail
address or account id.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status as Reply

from spontaan.clock.selectors import clock_open_for_initiative
from spontaan.core import links
from spontaan.core.api_auth import read_auth, write_auth
from spontaan.core.api_schemas import ERRORS_READ, ERRORS_WRITE, page_out
from spontaan.core.compression import with_gzip
from spontaan.core.fragments import shared_value
from spontaan.places.selectors import municipality_get

from . import rules
from .api_schemas import (
    AskAnswerIn,
    AskId,
    AskIn,
    AskOut,
    ConflictAnswerIn,
    ConflictId,
    ConflictIn,
    ConflictOut,
    FollowOut,
    GeoFeatureCollection,
    InitiativeCreateIn,
    InitiativeDetailOut,
    InitiativeFiltersIn,
    InitiativeId,
    InitiativePageOut,
    InitiativePatchIn,
    NewsIn,
    NewsOut,
    TimelineEventOut,
    TransitionIn,
)
from .asks import ask_answer, ask_create, conflict_answer, conflict_create
from .forms import parse_filters
from .kinds import ClockKey
from .mapdata import initiatives_geojson_encoded
from .models import Category, Initiative, Status
from .news import news_post
from .selectors import (
    access_ask,
    access_conflict,
    access_initiative,
    initiative_addressed,
    initiative_detail,
    initiative_is_followed,
    initiative_list,
    initiative_news,
    initiative_roles,
    initiative_timeline,
    with_team_names,
)
from .services import initiative_create, initiative_follow, initiative_transition, initiative_update
from .sharing import list_scope

router = Router(tags=["initiatives"])

# --- output builders -----------------------------------------------------------------------


def _url(request, initiative: Initiative) -> str:
    return links.absolute_url(initiative.get_absolute_url())


def _list_item(request, i: Initiative) -> dict:
    return {
        "id": i.pk,
        "title": i.title,
        "summary": i.summary,
        "category": i.category,
        "category_label": str(i.get_category_display()),
        "status": i.status,
        "status_label": str(i.get_status_display()),
        "municipality": i.municipality.slug,
        "functions": [f.slug for f in i.functions.all()],  # prefetched by the selector
        "latitude": i.latitude,
        "longitude": i.longitude,
        "created_at": i.created_at,
        "updated_at": i.updated_at,
        "url": _url(request, i),
    }


def _open_clocks(initiative: Initiative) -> dict[tuple[str, int], Any]:
    clocks = clock_open_for_initiative(initiative_id=initiative.pk)
    return {(c.kind, c.subject_id): c for c in clocks}


def _answered(item, clock) -> dict:
    """The fields an ask and a conflict share: the municipality's answer and its clock."""
    return {
        "created_at": item.created_at,
        "answer": item.answer,
        "outcome": item.outcome,
        "outcome_label": str(item.get_outcome_display()) if item.outcome else "",
        "answered_at": item.answered_at,
        "waiting_since": clock.opened_at if clock else None,
        "due_on": clock.due_on if clock else None,
    }


@dataclass(frozen=True)
class _Addressed:
    """What differs between an ask and a conflict, the two things an initiative addresses to
    the municipality: their output, input, selector, services and endpoints."""

    noun: str  # in paths, endpoint names and the services' keyword arguments
    plural: str  # the key in `initiative_detail` and the collection's path
    clock: str  # a ClockKey
    choice: str  # the field that is output with its label too
    fields: tuple[str, ...]  # the other own fields, as output
    out: type[Schema]
    create_in: type[Schema]
    answer_in: type[Schema]
    item_id: Any  # the annotated type of the item's id in the answer path
    access: Callable[..., Any]
    create: Callable[..., Any]
    answer: Callable[..., Any]
    list_summary: str
    create_summary: str
    answer_summary: str


_ASK = _Addressed(
    noun="ask",
    plural="asks",
    clock=ClockKey.ASK,
    choice="kind",
    fields=("title", "text", "is_small", "amount"),
    out=AskOut,
    create_in=AskIn,
    answer_in=AskAnswerIn,
    item_id=AskId,
    access=access_ask,
    create=ask_create,
    answer=ask_answer,
    list_summary="What an initiative asks of the municipality",
    create_summary="Ask the municipality for something",
    answer_summary="Answer an ask on behalf of the municipality",
)
_CONFLICT = _Addressed(
    noun="conflict",
    plural="conflicts",
    clock=ClockKey.CONFLICT,
    choice="rule_kind",
    fields=("rule", "description"),
    out=ConflictOut,
    create_in=ConflictIn,
    answer_in=ConflictAnswerIn,
    item_id=ConflictId,
    access=access_conflict,
    create=conflict_create,
    answer=conflict_answer,
    list_summary="Conflicts of an initiative with existing rules",
    create_summary="Flag a conflict with an existing rule",
    answer_summary="Answer a conflict on behalf of the municipality",
)


def _addressed(kind: _Addressed, item, clocks: dict) -> dict:
    return {
        "id": item.pk,
        kind.choice: getattr(item, kind.choice),
        f"{kind.choice}_label": str(getattr(item, f"get_{kind.choice}_display")()),
        **{field: getattr(item, field) for field in kind.fields},
        **_answered(item, clocks.get((kind.clock, item.pk))),
    }


def _detail(request, initiative: Initiative) -> dict:
    user = request.user
    parts = initiative_detail(initiative=initiative)
    clocks = _open_clocks(initiative)
    roles = initiative_roles(user=user, initiative=initiative)
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "summary": initiative.summary,
        "story": initiative.story,
        "story_html": initiative.story_html,
        "category": initiative.category,
        "category_label": str(initiative.get_category_display()),
        "status": initiative.status,
        "status_label": str(initiative.get_status_display()),
        "municipality": initiative.municipality.slug,
        "municipality_name": initiative.municipality.name,
        "functions": [f.slug for f in parts["functions"]],
        "address": initiative.address,
        "latitude": initiative.latitude,
        "longitude": initiative.longitude,
        "offers": initiative.offers,
        "photo_url": links.absolute_url(initiative.photo.url) if initiative.photo else None,
        "photo_alt": initiative.photo_alt,
        "created_at": initiative.created_at,
        "updated_at": initiative.updated_at,
        "status_changed_at": initiative.status_changed_at,
        "is_hidden": initiative.is_hidden,
        "url": _url(request, initiative),
        # Actors are public names (a person-actor keeps the name it was stored with).
        "team": [
            {
                "id": m.pk,
                "name": m.actor.name,
                "kind": m.actor.kind,
                "kind_label": str(m.actor.get_kind_display()),
                "is_organisation": m.actor.is_organisation,
                "is_initiator": bool(m.actor.user_id)
                and m.actor.user_id == initiative.created_by_id,
                "role": m.role,
            }
            for m in parts["team"]
        ],
        **{
            kind.plural: [_addressed(kind, item, clocks) for item in parts[kind.plural]]
            for kind in (_ASK, _CONFLICT)
        },
        "follower_count": parts["follower_count"],
        "following": initiative_is_followed(user=user, initiative=initiative),
        "waiting_since": min((c.opened_at for c in clocks.values()), default=None),
        "allowed_transitions": rules.allowed_targets(initiative.status, roles),
    }


def _fresh_detail(request, initiative_id: int) -> dict:
    return _detail(request, access_initiative(user=request.user, initiative_id=initiative_id))


# --- reads ---------------------------------------------------------------------------------


@router.get(
    "", response={200: InitiativePageOut, **ERRORS_READ}, auth=read_auth, summary="List initiatives"
)
def list_initiatives(request, filters: Query[InitiativeFiltersIn]):
    """Visible initiatives, newest first, with the same filters as the site."""
    # The schema refuses bad input (422); the filters are read as the site reads them.

    def compute() -> dict:
        qs = initiative_list(
            user=request.user, filters=parse_filters(request.GET, with_choices=False)[1]
        )
        return page_out(filters, qs, lambda initiative: _list_item(request, initiative))

    # Many people ask for the same pages: shared per query and visibility (core.fragments).
    scope = list_scope(request)
    return shared_value(request, "initiatives.api_list", [request.get_full_path(), scope], compute)


def _filter_parameter(name: str, description: str, values: list[str] | None = None) -> dict:
    schema = {"type": "string", "maxLength": 100 if name != "q" else 200}
    if values:
        schema = {"type": "string", "enum": values}
    return {
        "in": "query",
        "name": name,
        "required": False,
        "description": description,
        "schema": schema,
    }


@router.get(
    "/geojson",
    response={200: GeoFeatureCollection},
    auth=read_auth,
    summary="Initiatives on the map (GeoJSON)",
    openapi_extra={
        "parameters": [
            _filter_parameter("municipality", "Municipality slug."),
            _filter_parameter("category", "Category.", list(Category.values)),
            _filter_parameter("status", "Status.", list(Status.values)),
            _filter_parameter("function", "Function slug (e.g. moestuin)."),
            _filter_parameter("q", "Words in title, summary or address."),
        ],
        "responses": {
            200: {
                "description": "OK",
                "content": {
                    "application/geo+json": {
                        "schema": {"$ref": "#/components/schemas/GeoFeatureCollection"}
                    }
                },
            }
        },
    },
)
def initiatives_geojson(request):
    """The initiatives of the list with the same filters (read as the site reads them: invalid
    filters are ignored) that have a location, as a GeoJSON FeatureCollection. Up to 5,000 it
    holds each as a Point; above that, clusters (`"clustered": true`): Points with
    `{"cluster": true, "count": n}` on a grid over the area of the matches."""
    body, compressed = initiatives_geojson_encoded(
        user=request.user,
        filters=parse_filters(request.GET, with_choices=False)[1],
        scope=list_scope(request),
    )
    response = HttpResponse(body, content_type="application/geo+json")
    return with_gzip(response, compressed) if compressed else response


@router.get(
    "/{initiative_id}",
    response={200: InitiativeDetailOut, **ERRORS_READ},
    auth=read_auth,
    summary="One initiative",
)
def get_initiative(request, initiative_id: InitiativeId):
    return _fresh_detail(request, initiative_id)


@router.get(
    "/{initiative_id}/timeline",
    response={200: list[TimelineEventOut], **ERRORS_READ},
    auth=read_auth,
    summary="The public timeline of an initiative, oldest first",
)
def get_timeline(request, initiative_id: InitiativeId):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    return [
        {
            "id": e.pk,
            "kind": e.kind,
            "kind_label": e.kind_label,
            "created_at": e.created_at,
            "text": e.text,
            "data": e.data,
            "by": e.user.public_name if e.user else None,
            "on_behalf_of_municipality": e.on_behalf_of_municipality,
        }
        for e in with_team_names(list(initiative_timeline(initiative=initiative)))
    ]


def _news_out(n) -> dict:
    return {
        "id": n.pk,
        "title": n.title,
        "text": n.text,
        "text_html": n.text_html,
        "created_at": n.created_at,
        "by": n.author.public_name if n.author else None,
        "is_hidden": n.is_hidden,
        "hidden_reason": n.hidden_reason,
    }


@router.get(
    "/{initiative_id}/news",
    response={200: list[NewsOut], **ERRORS_READ},
    auth=read_auth,
    summary="The team news of an initiative, newest first",
)
def list_news(request, initiative_id: InitiativeId):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    return [_news_out(n) for n in initiative_news(user=request.user, initiative=initiative)]


@router.post(
    "/{initiative_id}/news",
    response={201: NewsOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Post team news (team members)",
)
def create_news(request, initiative_id: InitiativeId, payload: NewsIn):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    item = news_post(
        user=request.user, initiative=initiative, title=payload.title, text=payload.text
    )
    return Reply(201, _news_out(item))


def _named(view, name: str):
    """Name an endpoint made in a loop, for its operation id and URL name."""
    view.__name__ = view.__qualname__ = name
    return view


def _add_list(kind: _Addressed) -> None:
    def view(request, initiative_id: InitiativeId):
        initiative = access_initiative(user=request.user, initiative_id=initiative_id)
        clocks = _open_clocks(initiative)
        items = initiative_addressed(initiative=initiative)[kind.plural]
        return [_addressed(kind, item, clocks) for item in items]

    router.get(
        f"/{{initiative_id}}/{kind.plural}",
        response={200: list[kind.out], **ERRORS_READ},
        auth=read_auth,
        summary=kind.list_summary,
    )(_named(view, f"list_{kind.plural}"))


_add_list(_ASK)
_add_list(_CONFLICT)


# --- writes --------------------------------------------------------------------------------


def _plain(value):
    return value.value if isinstance(value, Enum) else value


@router.post(
    "",
    response={201: InitiativeDetailOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Start an initiative",
)
def create_initiative(request, payload: InitiativeCreateIn):
    try:
        municipality = municipality_get(slug=payload.municipality)
    except Http404:
        raise ValidationError({"municipality": _("Unknown municipality.")}) from None
    initiative = initiative_create(
        user=request.user,
        municipality=municipality,
        **{field: _plain(value) for field, value in payload if field != "municipality"},
    )
    return Reply(201, _fresh_detail(request, initiative.pk))


@router.patch(
    "/{initiative_id}",
    response={200: InitiativeDetailOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Change an initiative (only the fields sent)",
)
def update_initiative(request, initiative_id: InitiativeId, payload: InitiativePatchIn):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    data = payload.model_dump(exclude_unset=True)
    if data.get("category") is not None:
        data["category"] = Category(data["category"]).value
    initiative_update(user=request.user, initiative=initiative, data=data)
    return _fresh_detail(request, initiative_id)


@router.post(
    "/{initiative_id}/photo",
    response={200: InitiativeDetailOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Add or replace the photo (multipart form: photo, photo_alt)",
    description=(
        "A JPEG, PNG or WebP image of at most 5 MB. It is stored under a random name, scaled "
        "to at most 2000 pixels a side and encoded again without its metadata (location, "
        "camera). A photo needs a description (`photo_alt`), sent now or set before."
    ),
)
def upload_photo(
    request, initiative_id: InitiativeId, photo: File[UploadedFile], photo_alt: Form[str] = ""
):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    data = {"photo_alt": photo_alt} if photo_alt else {}
    initiative_update(user=request.user, initiative=initiative, data=data, photo=photo)
    return _fresh_detail(request, initiative_id)


@router.delete(
    "/{initiative_id}/photo",
    response={200: InitiativeDetailOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Remove the photo",
)
def remove_photo(request, initiative_id: InitiativeId):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    initiative_update(user=request.user, initiative=initiative, data={}, remove_photo=True)
    return _fresh_detail(request, initiative_id)


@router.post(
    "/{initiative_id}/transition",
    response={200: InitiativeDetailOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Move an initiative to another status",
)
def transition_initiative(request, initiative_id: InitiativeId, payload: TransitionIn):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    initiative_transition(
        user=request.user, initiative=initiative, to_status=payload.status.value, note=payload.note
    )
    return _fresh_detail(request, initiative_id)


def _add_create_and_answer(kind: _Addressed) -> None:
    def create(request, initiative_id: InitiativeId, payload: kind.create_in):
        initiative = access_initiative(user=request.user, initiative_id=initiative_id)
        item = kind.create(
            user=request.user,
            initiative=initiative,
            **{field: _plain(value) for field, value in payload},
        )
        return Reply(201, _addressed(kind, item, _open_clocks(initiative)))

    def answer(request, item_id: kind.item_id, payload: kind.answer_in):
        item = kind.access(user=request.user, **{f"{kind.noun}_id": item_id})
        item = kind.answer(
            user=request.user,
            **{kind.noun: item},
            answer=payload.answer,
            outcome=payload.outcome.value,
        )
        return _addressed(kind, item, {})

    router.post(
        f"/{{initiative_id}}/{kind.plural}",
        response={201: kind.out, **ERRORS_WRITE},
        auth=write_auth,
        summary=kind.create_summary,
    )(_named(create, f"create_{kind.noun}"))
    router.post(
        f"/{kind.plural}/{{{kind.noun}_id}}/answer",
        response={200: kind.out, **ERRORS_WRITE},
        auth=write_auth,
        summary=kind.answer_summary,
    )(_named(answer, f"answer_{kind.noun}"))


_add_create_and_answer(_ASK)
_add_create_and_answer(_CONFLICT)


@router.post(
    "/{initiative_id}/follow",
    response={200: FollowOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Follow an initiative",
)
def follow_initiative(request, initiative_id: InitiativeId):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    return {"following": initiative_follow(user=request.user, initiative=initiative, follow=True)}


@router.delete(
    "/{initiative_id}/follow",
    response={200: FollowOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Stop following an initiative",
)
def unfollow_initiative(request, initiative_id: InitiativeId):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    return {"following": initiative_follow(user=request.user, initiative=initiative, follow=False)}
