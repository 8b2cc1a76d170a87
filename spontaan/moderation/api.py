"""The moderation API: report content (signed in), the queue and decisions (moderators of the
content's municipality), the author's objection, and the public log (no personal data).

Thin: every endpoint calls the same services and selectors as the HTML pages."""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.responses import Status as Reply

from spontaan.core.api_auth import read_auth, write_auth
from spontaan.core.api_schemas import ERRORS_READ, ERRORS_WRITE, InputSchema, Text

from . import selectors, services
from .kinds import moderatable_kinds
from .models import Case, Reason

router = Router(tags=["moderation"])

KindKey = Annotated[str, Field(max_length=32, pattern=r"^[a-z0-9_-]+$")]
ObjectId = Annotated[str, Field(max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]


class ReportIn(InputSchema):
    kind: KindKey
    object_id: ObjectId
    reason: Reason
    note: Text = Field("", max_length=1000)


class ReportOut(Schema):
    kind: str
    object_id: str
    reason: str
    created_at: datetime


class HideIn(InputSchema):
    reason: Reason
    note: Text = Field("", max_length=300, description="The explanation the author reads.")


class ObjectionIn(InputSchema):
    text: Text = Field(..., max_length=2000)


class ReportSummaryOut(Schema):
    reason: str
    note: str
    created_at: datetime


class CaseOut(Schema):
    kind: str
    object_id: str
    title: str
    url: str
    municipality: str
    is_hidden: bool
    reason: str
    note: str
    waiting_since: datetime | None
    objection: str
    reports: list[ReportSummaryOut]


class ObjectionOut(Schema):
    kind: str
    object_id: str
    objected_at: datetime


class LogLineOut(Schema):
    month: date
    kind: str
    action: str
    reason: str
    count: int


def _case_out(case: Case, content) -> dict:
    return {
        "kind": case.kind,
        "object_id": case.object_id,
        "title": content.title if content else "",
        "url": content.url if content else "",
        "municipality": case.municipality.slug,
        "is_hidden": case.is_hidden,
        "reason": case.reason,
        "note": case.note,
        "waiting_since": case.queued_at,
        "objection": case.objection if case.objection_pending else "",
        "reports": [
            {"reason": r.reason, "note": r.note, "created_at": r.created_at}
            for r in getattr(case, "open_reports", [])
        ],
    }


def _moderated_case(request, kind: str, object_id: str) -> Case:
    """The case of content a moderator may act on (created when nobody reported it yet)."""
    entry = moderatable_kinds.find(kind)
    content = entry.describe([object_id]).get(object_id) if entry else None
    if content is None:
        raise Http404
    if content.municipality_id not in selectors.moderator_municipalities(user=request.user):
        raise PermissionDenied("Only a moderator of this municipality may do this.")
    case = selectors.case_for_content(kind=kind, object_id=object_id)
    if case is None:
        raise Http404
    return case


def _fresh(request, case: Case) -> dict:
    case = selectors.access_case(user=request.user, case_id=case.pk)
    return _case_out(case, selectors.describe_case(case))


@router.post(
    "/reports", response={201: ReportOut, **ERRORS_WRITE}, auth=write_auth, summary="Report content"
)
def create_report(request, payload: ReportIn):
    report = services.report_create(
        user=request.user,
        kind=payload.kind,
        object_id=payload.object_id,
        reason=payload.reason.value,
        note=payload.note,
    )
    return Reply(
        201,
        {
            "kind": payload.kind,
            "object_id": payload.object_id,
            "reason": report.reason,
            "created_at": report.created_at,
        },
    )


@router.get(
    "/queue",
    response={200: list[CaseOut], **ERRORS_WRITE},
    auth=write_auth,
    summary="What waits for a moderator, oldest first (moderators only)",
)
def get_queue(request):
    if not selectors.moderator_municipalities(user=request.user):
        raise PermissionDenied("Only moderators have a queue.")
    cases = list(selectors.case_queue(user=request.user)[:200])
    return [_case_out(item.case, item.content) for item in selectors.with_content(cases)]


@router.post(
    "/cases/{kind}/{object_id}/hide",
    response={200: CaseOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Hide content with a reason (moderators of its municipality)",
)
def hide(request, kind: KindKey, object_id: ObjectId, payload: HideIn):
    case = services.case_hide_content(
        user=request.user,
        kind=kind,
        object_id=object_id,
        reason=payload.reason.value,
        note=payload.note,
    )
    return _fresh(request, case)


@router.post(
    "/cases/{kind}/{object_id}/restore",
    response={200: CaseOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Make hidden content visible again (moderators of its municipality)",
)
def restore(request, kind: KindKey, object_id: ObjectId):
    case = services.case_restore(user=request.user, case=_moderated_case(request, kind, object_id))
    return _fresh(request, case)


@router.post(
    "/cases/{kind}/{object_id}/dismiss",
    response={200: CaseOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Take content off the queue unchanged: dismiss its reports or its objection",
)
def dismiss(request, kind: KindKey, object_id: ObjectId):
    case = services.case_dismiss(user=request.user, case=_moderated_case(request, kind, object_id))
    return _fresh(request, case)


@router.post(
    "/cases/{kind}/{object_id}/objection",
    response={200: ObjectionOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Object to hidden content (its author, once)",
)
def object_to(request, kind: KindKey, object_id: ObjectId, payload: ObjectionIn):
    case = selectors.access_objection_case(user=request.user, kind=kind, object_id=object_id)
    case = services.objection_create(user=request.user, case=case, text=payload.text)
    return {"kind": case.kind, "object_id": case.object_id, "objected_at": case.objected_at}


@router.get(
    "/log",
    response={200: list[LogLineOut], **ERRORS_READ},
    auth=read_auth,
    summary="Hidden and restored content per month and reason (no personal data)",
)
def get_log(request):
    return [
        {
            "month": line.month,
            "kind": line.kind,
            "action": line.verb,
            "reason": line.reason,
            "count": line.count,
        }
        for line in selectors.public_log()[:600]
    ]
