"""The initiatives API: open data (list, GeoJSON, detail, timeline, asks, conflicts) and the
writes an initiator's or a municipality's own tools need.

Thin: every endpoint calls the selectors (reads, scoped to what the caller may see) and the
services (writes, with the rules and permission checks) that the HTML views call too. Public
output names people only by their public display name or as team actors, never by e-mail
address or account id.
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import NinjaJSONEncoder
from ninja.responses import Status as Reply

from spontaan.clock.selectors import clock_open_for_initiative
from spontaan.core.api_auth import read_auth, write_auth
from spontaan.core.api_schemas import ERRORS_READ, ERRORS_WRITE
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
    TimelineEventOut,
    TransitionIn,
)
from .asks import ask_answer, ask_create, conflict_answer, conflict_create
from .kinds import ClockKey
from .models import (
    Category,
    Initiative,
)
from .selectors import (
    InitiativeFilters,
    access_ask,
    access_conflict,
    access_initiative,
    initiative_detail,
    initiative_geo_list,
    initiative_is_followed,
    initiative_list,
    initiative_roles,
    initiative_timeline,
)
from .services import initiative_create, initiative_follow, initiative_transition, initiative_update

router = Router(tags=["initiatives"])

# --- output builders -----------------------------------------------------------------------


def _url(request, initiative: Initiative) -> str:
    return request.build_absolute_uri(initiative.get_absolute_url())


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


def _ask(ask, clocks: dict) -> dict:
    return {
        "id": ask.pk,
        "kind": ask.kind,
        "kind_label": str(ask.get_kind_display()),
        "title": ask.title,
        "text": ask.text,
        "is_small": ask.is_small,
        "amount": ask.amount,
        **_answered(ask, clocks.get((ClockKey.ASK, ask.pk))),
    }


def _conflict(conflict, clocks: dict) -> dict:
    return {
        "id": conflict.pk,
        "rule_kind": conflict.rule_kind,
        "rule_kind_label": str(conflict.get_rule_kind_display()),
        "rule": conflict.rule,
        "description": conflict.description,
        **_answered(conflict, clocks.get((ClockKey.CONFLICT, conflict.pk))),
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
        "photo_url": request.build_absolute_uri(initiative.photo.url) if initiative.photo else None,
        "photo_alt": initiative.photo_alt,
        "created_at": initiative.created_at,
        "updated_at": initiative.updated_at,
        "status_changed_at": initiative.status_changed_at,
        "is_hidden": initiative.is_hidden,
        "url": _url(request, initiative),
        # Actors are public names (a person-actor keeps the name it was stored with).
        "team": [
            {
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
        "asks": [_ask(a, clocks) for a in parts["asks"]],
        "conflicts": [_conflict(c, clocks) for c in parts["conflicts"]],
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
    qs = initiative_list(
        user=request.user,
        filters=InitiativeFilters(
            municipality=filters.municipality,
            category=filters.category.value if filters.category else "",
            status=filters.status.value if filters.status else "",
            function=filters.function,
            q=filters.q,
        ),
    )
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    rows = list(qs[start : start + filters.page_size]) if start < count else []
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [_list_item(request, i) for i in rows],
    }


@router.get(
    "/geojson",
    response={200: GeoFeatureCollection},
    auth=read_auth,
    summary="Initiatives on the map (GeoJSON)",
)
def initiatives_geojson(request):
    """A GeoJSON FeatureCollection of the visible initiatives that have a location."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [i.longitude, i.latitude]},
            "properties": {
                "id": i.pk,
                "title": i.title,
                "status": i.status,
                "category": i.category,
                "municipality": i.municipality.slug,
                "url": _url(request, i),
            },
        }
        for i in initiative_geo_list(user=request.user)
    ]
    body = {"type": "FeatureCollection", "features": features}
    return HttpResponse(json.dumps(body, cls=NinjaJSONEncoder), content_type="application/geo+json")


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
        for e in initiative_timeline(initiative=initiative)
    ]


@router.get(
    "/{initiative_id}/asks",
    response={200: list[AskOut], **ERRORS_READ},
    auth=read_auth,
    summary="What an initiative asks of the municipality",
)
def list_asks(request, initiative_id: InitiativeId):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    clocks = _open_clocks(initiative)
    return [_ask(a, clocks) for a in initiative_detail(initiative=initiative)["asks"]]


@router.get(
    "/{initiative_id}/conflicts",
    response={200: list[ConflictOut], **ERRORS_READ},
    auth=read_auth,
    summary="Conflicts of an initiative with existing rules",
)
def list_conflicts(request, initiative_id: InitiativeId):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    clocks = _open_clocks(initiative)
    return [_conflict(c, clocks) for c in initiative_detail(initiative=initiative)["conflicts"]]


# --- writes --------------------------------------------------------------------------------


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
        title=payload.title,
        summary=payload.summary,
        category=payload.category.value,
        story=payload.story,
        functions=payload.functions,
        address=payload.address,
        latitude=payload.latitude,
        longitude=payload.longitude,
        offers=payload.offers,
        photo_alt=payload.photo_alt,
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


@router.post(
    "/{initiative_id}/asks",
    response={201: AskOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Ask the municipality for something",
)
def create_ask(request, initiative_id: InitiativeId, payload: AskIn):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    ask = ask_create(
        user=request.user,
        initiative=initiative,
        kind=payload.kind.value,
        title=payload.title,
        text=payload.text,
        is_small=payload.is_small,
        amount=payload.amount,
    )
    return Reply(201, _ask(ask, _open_clocks(initiative)))


@router.post(
    "/asks/{ask_id}/answer",
    response={200: AskOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Answer an ask on behalf of the municipality",
)
def answer_ask(request, ask_id: AskId, payload: AskAnswerIn):
    ask = access_ask(user=request.user, ask_id=ask_id)
    ask = ask_answer(
        user=request.user, ask=ask, answer=payload.answer, outcome=payload.outcome.value
    )
    return _ask(ask, {})


@router.post(
    "/{initiative_id}/conflicts",
    response={201: ConflictOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Flag a conflict with an existing rule",
)
def create_conflict(request, initiative_id: InitiativeId, payload: ConflictIn):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    conflict = conflict_create(
        user=request.user,
        initiative=initiative,
        rule_kind=payload.rule_kind.value,
        rule=payload.rule,
        description=payload.description,
    )
    return Reply(201, _conflict(conflict, _open_clocks(initiative)))


@router.post(
    "/conflicts/{conflict_id}/answer",
    response={200: ConflictOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Answer a conflict on behalf of the municipality",
)
def answer_conflict(request, conflict_id: ConflictId, payload: ConflictAnswerIn):
    conflict = access_conflict(user=request.user, conflict_id=conflict_id)
    conflict = conflict_answer(
        user=request.user, conflict=conflict, answer=payload.answer, outcome=payload.outcome.value
    )
    return _conflict(conflict, {})


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
