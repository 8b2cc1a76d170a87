"""The tender API of applications: the team's writes, the panel's reviews, the programme
manager's decisions and bookings. Thin, like the scheme API (see its docstring for who gets
which error): every endpoint calls the selectors and services the HTML pages call too."""

from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.responses import Status as Reply

from spontaan.core.api_schemas import MAX_ID, page_out
from spontaan.initiatives.selectors import access_initiative
from spontaan.tender.api_common import (
    LOGIN_READ,
    PUBLIC_READ,
    WRITE,
    absolute_url,
    criterion_means_out,
    initiative_ref,
    ledger_entry_out,
    route,
)
from spontaan.tender.applications import assessment
from spontaan.tender.applications import selectors as application_selectors
from spontaan.tender.applications import services as application_services
from spontaan.tender.money import services as money_services
from spontaan.tender.schemes import selectors as scheme_selectors

from ..models import Application
from .api_schemas import (
    ApplicationCreateIn,
    ApplicationFiltersIn,
    ApplicationOut,
    ApplicationPageOut,
    ApplicationPatchIn,
    ConflictDeclareIn,
    DecisionIn,
    PaymentIn,
    ReleaseIn,
    ReportIn,
    ReviewIn,
    ReviewOut,
    ReviewsOut,
    SubmitIn,
    WithdrawIn,
)

applications_router = Router(tags=["tender: applications"])


ApplicationId = Annotated[int, Path(ge=1, le=MAX_ID, description="The application's id.")]


def _list_item(request, application: Application) -> dict:
    return {
        "id": application.pk,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "scheme": {"slug": application.scheme.slug, "name": application.scheme.name},
        "initiative": initiative_ref(application.initiative),
        "amount_requested": application.amount_requested,
        "amount_granted": application.amount_granted,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "updated_at": application.updated_at,
        "url": absolute_url(request, application),
    }


def _detail(request, application: Application, roles: set[str]) -> dict:
    parts = application_selectors.application_detail(
        user=request.user, application=application, roles=roles
    )
    private = parts.totals is not None  # the team, the panel and the municipality's staff
    grant, report = parts.grant, parts.report
    return {
        **_list_item(request, application),
        "mode": application.mode,
        "tranche": application.tranche.name if application.tranche else None,
        "created_at": application.created_at,
        "first_submitted_at": application.first_submitted_at,
        "plan": application.plan if private else None,
        "themes": application.themes if private else None,
        "wants_pitch": application.wants_pitch if private else None,
        "budget_lines": [
            {
                "item": line.item,
                "amount_euros": line.amount_euros,
                "source": line.source,
                "funder": line.funder,
            }
            for line in parts.lines
        ],
        "totals": parts.totals,
        "attachments": [
            {"id": a.pk, "name": a.name, "size": a.size, "uploaded_at": a.uploaded_at}
            for a in parts.attachments
        ],
        "submissions": [
            {
                "number": s.number,
                "submitted_at": s.submitted_at,
                "answer_to_questions": s.answer_to_questions,
            }
            for s in parts.submissions
        ],
        "decisions": [
            {
                "outcome": d.outcome,
                "outcome_label": str(d.get_outcome_display()),
                "amount": d.amount_euros,
                "reasoning": d.reasoning,
                "conditions": d.conditions,
                "decided_at": d.decided_at,
            }
            for d in parts.decisions
        ],
        "criterion_means": criterion_means_out(parts.criterion_means),
        "weighted_score": parts.weighted,
        "panel_size": parts.panel_size,
        "submitted_reviews": parts.submitted_reviews,
        "score_view": parts.score_view,
        "ledger": [ledger_entry_out(e) for e in parts.ledger],
        "grant": {"committed": grant.committed, "paid": grant.paid, "open": grant.open}
        if grant
        else None,
        "report": {
            "realised_euros": report.realised_euros,
            "text": report.text,
            "submitted_at": report.submitted_at,
        }
        if report
        else None,
        "roles": sorted(roles),
    }


def _fresh_detail(request, application_id: int) -> dict:
    application, roles = application_selectors.access_application(
        user=request.user, application_id=application_id
    )
    return _detail(request, application, roles)


def _review(user, review) -> dict:
    return {
        "id": review.pk,
        "reviewer": review.reviewer.public_name,
        "is_own": review.reviewer_id == user.pk,
        "conflict_of_interest": review.conflict_of_interest,
        "conflict_note": review.conflict_note,
        "comment": review.comment,
        "submitted_at": review.submitted_at,
        "updated_at": review.updated_at,
        "scores": [
            {
                "criterion_id": s.criterion_id,
                "criterion": s.criterion.name,
                "value": s.value,
                "motivation": s.motivation,
            }
            for s in sorted(
                review.scores.all(), key=lambda s: (s.criterion.position, s.criterion_id)
            )
        ],
    }


def _write(method: str, path: str, summary: str, *, out=ApplicationOut, status: int = 200):
    """A write on the applications: the caller needs an account (or a token)."""
    return route(applications_router, method, path, out, summary, access=WRITE, status=status)


@route(applications_router, "get", "", ApplicationPageOut, "My applications", access=LOGIN_READ)
def list_applications(request, filters: Query[ApplicationFiltersIn]):
    """The applications of the initiatives whose team the caller is on, last changed first."""
    qs = application_selectors.user_applications(user=request.user, scheme_slug=filters.scheme)
    return page_out(filters, qs, lambda a: _list_item(request, a))


@route(
    applications_router,
    "get",
    "/{application_id}",
    ApplicationOut,
    "One application",
    access=PUBLIC_READ,
)
def get_application(request, application_id: ApplicationId):
    """What the caller may see of it: the public part of a decided application for everyone;
    the plan, budget, attachments and submissions for the team, the panel and the
    municipality's staff."""
    return _fresh_detail(request, application_id)


@route(
    applications_router,
    "get",
    "/{application_id}/reviews",
    ReviewsOut,
    "The panel's reviews of an application",
    access=LOGIN_READ,
)
def list_reviews(request, application_id: ApplicationId):
    """Programme managers read all reviews; a panel member their own, and the others' once
    they submitted their own; a panel member with a conflict of interest none."""
    application, roles = application_selectors.access_application(
        user=request.user, application_id=application_id
    )
    view, reviews = application_selectors.application_reviews(
        user=request.user, application=application, roles=roles
    )
    if not view:
        raise PermissionDenied(_("You may not read the scores of this application."))
    return {"view": view, "reviews": [_review(request.user, r) for r in reviews]}


@_write("post", "", "Start an application (a draft)", status=201)
def create_application(request, payload: ApplicationCreateIn):
    try:
        initiative = access_initiative(user=request.user, initiative_id=payload.initiative)
    except Http404:
        raise ValidationError({"initiative": _("Unknown initiative.")}) from None
    try:
        scheme = scheme_selectors.access_scheme(user=request.user, slug=payload.scheme)
    except Http404:
        raise ValidationError({"scheme": _("Unknown scheme.")}) from None
    application = application_services.application_create(
        user=request.user, initiative=initiative, scheme=scheme
    )
    return Reply(201, _fresh_detail(request, application.pk))


def _change(request, application_id: int, service, *, status: int = 200, **arguments):
    """Call ``service(user=…, application=…, **arguments)`` on the application the caller may
    see, and answer with the application as it is now."""
    application, _roles = application_selectors.access_application(
        user=request.user, application_id=application_id
    )
    service(user=request.user, application=application, **arguments)
    return Reply(status, _fresh_detail(request, application_id))


def _book(request, application_id: int, service, payload: PaymentIn | ReleaseIn):
    """Book a payment or a release of the grant (201)."""
    return _change(
        request,
        application_id,
        service,
        status=201,
        amount=payload.amount,
        note=payload.note,
    )


def _reviewed(request, application_id: int, service, **arguments):
    """Like _change, for the caller's own review: answer with the review."""
    application, _roles = application_selectors.access_application(
        user=request.user, application_id=application_id
    )
    review = service(user=request.user, application=application, **arguments)
    return _review(request.user, application_selectors.review_with_scores(review_id=review.pk))


@_write("patch", "/{application_id}", "Change a draft (only the fields sent)")
def update_application(request, application_id: ApplicationId, payload: ApplicationPatchIn):
    data = payload.model_dump(exclude_unset=True, mode="json")
    return _change(request, application_id, application_services.application_update, data=data)


@_write(
    "post", "/{application_id}/submit", "Submit, or answer the questions of a sent-back application"
)
def submit_application(request, application_id: ApplicationId, payload: SubmitIn | None = None):
    answer = payload.answer_to_questions if payload else ""
    return _change(
        request,
        application_id,
        application_services.application_submit,
        answer_to_questions=answer,
    )


@_write("post", "/{application_id}/withdraw", "Withdraw an application")
def withdraw_application(request, application_id: ApplicationId, payload: WithdrawIn | None = None):
    reason = payload.reason if payload else ""
    return _change(
        request, application_id, application_services.application_withdraw, reason=reason
    )


@_write("post", "/{application_id}/report", "Report what was spent of the grant")
def report_spending(request, application_id: ApplicationId, payload: ReportIn):
    return _change(
        request,
        application_id,
        money_services.spending_report_submit,
        realised_euros=payload.realised_euros,
        text=payload.text,
    )


@_write("put", "/{application_id}/review", "Save or submit your review", out=ReviewOut)
def save_review(request, application_id: ApplicationId, payload: ReviewIn):
    """Score every criterion (1 to the scheme's score_max) with a motivation. Scores can be
    revised until the decision."""
    return _reviewed(
        request,
        application_id,
        assessment.review_save,
        scores={cid: score.model_dump() for cid, score in payload.scores.items()},
        comment=payload.comment,
        submit=payload.submit,
    )


@_write("post", "/{application_id}/conflict", "Declare a conflict of interest", out=ReviewOut)
def declare_conflict(request, application_id: ApplicationId, payload: ConflictDeclareIn):
    """You step aside for this application; any scores you gave no longer count."""
    return _reviewed(request, application_id, assessment.review_declare_conflict, note=payload.note)


@_write(
    "post",
    "/{application_id}/decision",
    "Decide: grant, not grant, or send back with questions",
    status=201,
)
def decide_application(request, application_id: ApplicationId, payload: DecisionIn):
    return _change(
        request,
        application_id,
        assessment.application_decide,
        status=201,
        outcome=payload.outcome.value,
        amount=payload.amount,
        reasoning=payload.reasoning,
        conditions=payload.conditions,
    )


@_write("post", "/{application_id}/payments", "Book a payment of the grant", status=201)
def pay_grant(request, application_id: ApplicationId, payload: PaymentIn):
    return _book(request, application_id, money_services.grant_pay, payload)


@_write(
    "post",
    "/{application_id}/releases",
    "Give unspent money of the grant back to the budget",
    status=201,
)
def release_grant(request, application_id: ApplicationId, payload: ReleaseIn):
    return _book(request, application_id, money_services.grant_release, payload)
