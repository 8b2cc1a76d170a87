"""The tender API: schemes (public, with their budget, decisions and ledger) and applications
(the team's writes, the panel's reviews, the programme manager's decisions and bookings).

Thin: every endpoint calls the tender selectors (reads, scoped to what the caller may see) and
services (writes, with the rules and permission checks) that the HTML pages call too. Money is
in whole euros. Output names people only by their public display name, and reviewers only to
those who may read the scores; never by e-mail address or account id. Amounts are accepted as
any integer: the services check the ranges, so a wrong amount gets a 400 naming the field.

Who gets which error: reads of public data take anyone (404 for what they may not see); reads
that only an account can ever see (own applications, scores, the ledger's entries) and all
writes need an API token or the session (401 without); a known user who may not do it: 403.
"""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status as Reply
from pydantic import StrictBool, StrictInt

from spontaan.core.api_auth import read_auth, write_auth
from spontaan.initiatives.api import MAX_ID, MAX_PAGE, ErrorOut, InputSchema, Text
from spontaan.initiatives.selectors import access_initiative

from . import selectors, services
from .models import Application, LineSource, Outcome, Scheme

schemes_router = Router(tags=["tender: schemes"])
applications_router = Router(tags=["tender: applications"])

# Reads that only someone with an account can ever be allowed: 401 without one.
login_auth = write_auth

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
SchemeSlug = Annotated[
    str, Path(max_length=80, pattern=SLUG_PATTERN, description="The scheme's short name (slug).")
]
ApplicationId = Annotated[int, Path(ge=1, le=MAX_ID, description="The application's id.")]

ERRORS_READ = {404: ErrorOut, 422: ErrorOut}
ERRORS_LOGIN_READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ERRORS_WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- schemas: schemes ----------------------------------------------------------------------


class PageIn(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(20, ge=1, le=100, description="Items per page (at most 100).")


class TenderMunicipalityOut(Schema):
    slug: str
    name: str


class BudgetSummaryOut(Schema):
    budget: int = Field(description="The scheme's budget (euros).")
    committed: int = Field(description="Granted: commitments minus releases.")
    paid: int
    released: int = Field(description="Granted money given back to the budget.")
    available: int = Field(description="Budget minus committed.")


class FunderOut(Schema):
    name: str
    amount: int


class LedgerSummaryOut(BudgetSummaryOut):
    funders: list[FunderOut]


class SchemeCountsOut(Schema):
    received: int = Field(description="Submitted at least once and not withdrawn.")
    granted: int
    not_granted: int
    granted_euros: int


class SchemeOut(Schema):
    slug: str
    name: str
    status: str
    status_label: str
    mode: str
    mode_label: str
    municipalities: list[TenderMunicipalityOut]
    budget: BudgetSummaryOut
    counts: SchemeCountsOut
    url: str = Field(description="The scheme's public page.")


class CriterionOut(Schema):
    id: int
    name: str
    description: str
    weight: int = Field(description="Weight in percent; the weights add up to 100.")


class TrancheOut(Schema):
    id: int
    name: str
    opens_on: date
    closes_on: date
    decide_by: date
    received: int
    granted: int


class PhaseOut(Schema):
    mode: str
    started_at: datetime
    ended_at: datetime | None
    note: str
    received: int
    granted: int


class SchemeDetailOut(SchemeOut):
    purpose: str = Field(description="Markdown.")
    purpose_html: str = Field(description="The purpose as sanitised HTML.")
    max_per_initiative_euros: int
    min_cofinancing_percent: int
    eligible_categories: list[str]
    score_max: int = Field(description="The highest score per criterion (the lowest is 1).")
    decision_days: int = Field(description="Rolling mode: decision within so many working days.")
    criteria: list[CriterionOut]
    funders: list[FunderOut]
    tranches: list[TrancheOut]
    phases: list[PhaseOut]


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


class PublicDecisionOut(Schema):
    application_id: int
    initiative: InitiativeRefOut
    outcome: str
    outcome_label: str
    amount_requested: int
    amount_granted: int | None
    decided_at: datetime | None
    reasoning: str
    conditions: str
    criterion_means: list[CriterionMeanOut]
    weighted_score: float | None = Field(
        description="The weighted mean of the criterion means; null unless all are scored."
    )
    url: str


class PublicDecisionPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[PublicDecisionOut]


class LedgerEntryOut(Schema):
    id: int
    kind: str
    kind_label: str
    amount: int
    application_id: int
    note: str
    created_at: datetime


class LedgerEntryPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[LedgerEntryOut]


# --- schemas: applications -----------------------------------------------------------------


class SchemeRefOut(Schema):
    slug: str
    name: str


class ApplicationListItemOut(Schema):
    id: int
    status: str
    status_label: str
    scheme: SchemeRefOut
    initiative: InitiativeRefOut
    amount_requested: int
    amount_granted: int | None
    submitted_at: datetime | None
    decided_at: datetime | None
    updated_at: datetime
    url: str


class ApplicationPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[ApplicationListItemOut]


class ApplicationFiltersIn(PageIn):
    scheme: str = Field(
        "",
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]*$",
        description="Only applications to this scheme (slug).",
    )


class BudgetLineOut(Schema):
    item: str
    amount_euros: int
    source: str
    funder: str


class BudgetTotalsOut(Schema):
    total: int
    asked: int
    cofinancing: int
    cofinancing_percent: float


class AttachmentOut(Schema):
    id: int
    name: str
    size: int = Field(description="Bytes.")
    uploaded_at: datetime


class SubmissionOut(Schema):
    number: int
    submitted_at: datetime
    answer_to_questions: str


class DecisionOut(Schema):
    outcome: str
    outcome_label: str
    amount: int | None
    reasoning: str = Field(description="Public reasoning, or the questions when sent back.")
    conditions: str
    decided_at: datetime


class GrantOut(Schema):
    committed: int
    paid: int
    open: int = Field(description="Committed and not yet paid.")


class ReportOut(Schema):
    realised_euros: int
    text: str
    submitted_at: datetime


class ApplicationLedgerEntryOut(Schema):
    kind: str
    kind_label: str
    amount: int
    note: str
    created_at: datetime


class ApplicationOut(Schema):
    id: int
    url: str
    status: str
    status_label: str
    mode: str
    tranche: str | None
    scheme: SchemeRefOut
    initiative: InitiativeRefOut
    amount_requested: int
    amount_granted: int | None
    created_at: datetime
    updated_at: datetime
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    decided_at: datetime | None
    plan: str | None = Field(description="Null for those who only see the public part.")
    themes: list[str] | None
    wants_pitch: bool | None
    budget_lines: list[BudgetLineOut]
    totals: BudgetTotalsOut | None
    attachments: list[AttachmentOut]
    submissions: list[SubmissionOut]
    decisions: list[DecisionOut]
    criterion_means: list[CriterionMeanOut]
    weighted_score: float | None
    panel_size: int
    submitted_reviews: int
    score_view: str = Field(
        description='Which scores the caller may read: "all", "own" or "" (none).'
    )
    ledger: list[ApplicationLedgerEntryOut]
    grant: GrantOut | None
    report: ReportOut | None
    roles: list[str] = Field(
        description="The caller's roles for this application: team, "
        "panel, conflicted, manager, staff."
    )


class ScoreOut(Schema):
    criterion_id: int
    criterion: str
    value: int
    motivation: str


class ReviewOut(Schema):
    id: int
    reviewer: str = Field(description="The panel member's public display name.")
    is_own: bool
    conflict_of_interest: bool
    conflict_note: str
    comment: str
    submitted_at: datetime | None
    updated_at: datetime
    scores: list[ScoreOut]


class ReviewsOut(Schema):
    view: str = Field(description='"all", or "own" until the caller submitted their own.')
    reviews: list[ReviewOut]


class ApplicationCreateIn(InputSchema):
    initiative: StrictInt = Field(ge=1, le=MAX_ID, description="The initiative's id.")
    scheme: Text = Field(max_length=80, description="The scheme's slug.")


class BudgetLineIn(InputSchema):
    item: Text
    amount_euros: StrictInt
    source: LineSource
    funder: Text = Field("", description="Required when source is other.")


class ApplicationPatchIn(InputSchema):
    amount_requested: StrictInt | None = None
    plan: Text | None = Field(None, description="What you will do with the money.")
    themes: list[Text] | None = Field(None, description="Themes of the city profile.")
    wants_pitch: StrictBool | None = None
    budget_lines: list[BudgetLineIn] | None = Field(
        None,
        description="Replaces the whole budget plan. The lines asked from the scheme "
        "add up to the amount requested.",
    )


class SubmitIn(InputSchema):
    answer_to_questions: Text = Field(
        "", description="Required when the application was sent back with questions."
    )


class WithdrawIn(InputSchema):
    reason: Text = ""


class ScoreIn(InputSchema):
    value: StrictInt
    motivation: Text = ""


class ReviewIn(InputSchema):
    scores: dict[int, ScoreIn] = Field(description="Criterion id → score and motivation.")
    comment: Text = ""
    submit: StrictBool = Field(True, description="False keeps it as a draft only you can read.")


class ConflictDeclareIn(InputSchema):
    note: Text = Field("", description="What the conflict of interest is.")


class DecisionIn(InputSchema):
    outcome: Outcome
    amount: StrictInt | None = Field(None, description="Euros; only for granted.")
    reasoning: Text = Field(
        "", description="Public reasoning (or your questions, when sending back)."
    )
    conditions: Text = ""


class PaymentIn(InputSchema):
    amount: StrictInt
    note: Text = ""


class ReleaseIn(InputSchema):
    amount: StrictInt
    note: Text = Field("", description="Why the money goes back (required).")


class ReportIn(InputSchema):
    realised_euros: StrictInt
    text: Text = ""


# --- output builders -----------------------------------------------------------------------


def _absolute(request, obj) -> str:
    return request.build_absolute_uri(obj.get_absolute_url())


def _budget(budget: selectors.Budget) -> dict:
    return {
        "budget": budget.budget,
        "committed": budget.committed,
        "paid": budget.paid,
        "released": budget.released,
        "available": budget.available,
    }


def _counts(counts: dict) -> dict:
    return {k: counts.get(k, 0) for k in ("received", "granted", "not_granted", "granted_euros")}


def _scheme(request, scheme: Scheme, budget: selectors.Budget, counts: dict) -> dict:
    return {
        "slug": scheme.slug,
        "name": scheme.name,
        "status": scheme.status,
        "status_label": str(scheme.get_status_display()),
        "mode": scheme.mode,
        "mode_label": str(scheme.get_mode_display()),
        "municipalities": [
            {"slug": m.slug, "name": m.name} for m in scheme.municipalities.all()
        ],  # prefetched
        "budget": _budget(budget),
        "counts": _counts(counts),
        "url": _absolute(request, scheme),
    }


def _initiative_ref(initiative) -> dict:
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "municipality": initiative.municipality.slug,
        "municipality_name": initiative.municipality.name,
    }


def _means(pairs) -> list[dict]:
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


def _public_decision(request, application: Application) -> dict:
    decision = application.public_decision
    return {
        "application_id": application.pk,
        "initiative": _initiative_ref(application.initiative),
        "outcome": application.status,
        "outcome_label": str(application.get_status_display()),
        "amount_requested": application.amount_requested,
        "amount_granted": application.amount_granted,
        "decided_at": application.decided_at,
        "reasoning": decision.reasoning if decision else "",
        "conditions": decision.conditions if decision else "",
        "criterion_means": _means(application.criterion_means),
        "weighted_score": application.weighted,
        "url": _absolute(request, application),
    }


def _list_item(request, application: Application) -> dict:
    return {
        "id": application.pk,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "scheme": {"slug": application.scheme.slug, "name": application.scheme.name},
        "initiative": _initiative_ref(application.initiative),
        "amount_requested": application.amount_requested,
        "amount_granted": application.amount_granted,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "updated_at": application.updated_at,
        "url": _absolute(request, application),
    }


def _detail(request, application: Application, roles: set[str]) -> dict:
    parts = selectors.application_detail(user=request.user, application=application, roles=roles)
    private = parts["totals"] is not None  # the team, the panel and the municipality's staff
    grant, report = parts["grant"], parts["report"]
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
            for line in parts["lines"]
        ],
        "totals": parts["totals"],
        "attachments": [
            {"id": a.pk, "name": a.name, "size": a.size, "uploaded_at": a.uploaded_at}
            for a in parts["attachments"]
        ],
        "submissions": [
            {
                "number": s.number,
                "submitted_at": s.submitted_at,
                "answer_to_questions": s.answer_to_questions,
            }
            for s in parts["submissions"]
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
            for d in parts["decisions"]
        ],
        "criterion_means": _means(parts["criterion_means"]),
        "weighted_score": parts["weighted"],
        "panel_size": parts["panel_size"],
        "submitted_reviews": parts["submitted_reviews"],
        "score_view": parts["score_view"],
        "ledger": [
            {
                "kind": e.kind,
                "kind_label": str(e.get_kind_display()),
                "amount": e.amount_euros,
                "note": e.note,
                "created_at": e.created_at,
            }
            for e in parts["ledger"]
        ],
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
    application, roles = selectors.access_application(
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


def _page(filters: PageIn) -> tuple[int, int]:
    """The offset of the first row and the page size."""
    return (filters.page - 1) * filters.page_size, filters.page_size


# --- schemes -------------------------------------------------------------------------------


@schemes_router.get("", response={200: list[SchemeOut]}, auth=read_auth, summary="List schemes")
def list_schemes(request):
    """The schemes open, closed, and (for their programme managers) in preparation, with their
    budget and how many applications they received and granted."""
    schemes = selectors.scheme_summaries(schemes=list(selectors.scheme_list(user=request.user)))
    euros = selectors.scheme_granted_euros(schemes=schemes)
    return [
        _scheme(request, s, s.budget, {**s.counts, "granted_euros": euros.get(s.pk) or 0})
        for s in schemes
    ]


@schemes_router.get(
    "/{slug}", response={200: SchemeDetailOut, **ERRORS_READ}, auth=read_auth, summary="One scheme"
)
def get_scheme(request, slug: SchemeSlug):
    scheme = selectors.access_scheme(user=request.user, slug=slug)
    budget = selectors.scheme_budget(scheme=scheme)
    return {
        **_scheme(request, scheme, budget, selectors.scheme_counts(scheme=scheme)),
        "purpose": scheme.purpose,
        "purpose_html": scheme.purpose_html,
        "max_per_initiative_euros": scheme.max_per_initiative_euros,
        "min_cofinancing_percent": scheme.min_cofinancing_percent,
        "eligible_categories": list(scheme.eligible_categories or []),
        "score_max": scheme.score_max,
        "decision_days": scheme.decision_days,
        "criteria": [
            {"id": c.pk, "name": c.name, "description": c.description, "weight": c.weight}
            for c in selectors.scheme_criteria(scheme=scheme)
        ],
        "funders": [{"name": f.name, "amount": f.amount_euros} for f in budget.funders],
        "tranches": [
            {
                "id": t.pk,
                "name": t.name,
                "opens_on": t.opens_on,
                "closes_on": t.closes_on,
                "decide_by": t.decide_by,
                "received": t.received,
                "granted": t.granted,
            }
            for t in selectors.scheme_tranches(scheme=scheme)
        ],
        "phases": [
            {
                "mode": p.mode,
                "started_at": p.started_at,
                "ended_at": p.ended_at,
                "note": p.note,
                "received": p.received,
                "granted": p.granted,
            }
            for p in selectors.scheme_phases(scheme=scheme)
        ],
    }


@schemes_router.get(
    "/{slug}/decisions",
    response={200: PublicDecisionPageOut, **ERRORS_READ},
    auth=read_auth,
    summary="The public decisions of a scheme",
)
def list_decisions(request, slug: SchemeSlug, filters: Query[PageIn]):
    """Granted and not granted applications, newest decision first: the amounts, the public
    reasoning and conditions, and the panel's mean per criterion (never who scored what)."""
    scheme = selectors.access_scheme(user=request.user, slug=slug)
    qs = selectors.scheme_decided_public(scheme=scheme)
    count = qs.count()
    start, size = _page(filters)
    rows = selectors.scheme_attach_public(
        applications=list(qs[start : start + size]) if start < count else [],
        criteria=selectors.scheme_criteria(scheme=scheme),
    )
    return {
        "count": count,
        "page": filters.page,
        "page_size": size,
        "results": [_public_decision(request, a) for a in rows],
    }


@schemes_router.get(
    "/{slug}/ledger",
    response={200: LedgerSummaryOut, **ERRORS_READ},
    auth=read_auth,
    summary="The budget of a scheme",
)
def get_ledger(request, slug: SchemeSlug):
    """Budget left = budget − (commitments − releases)."""
    scheme = selectors.access_scheme(user=request.user, slug=slug)
    budget = selectors.scheme_budget(scheme=scheme)
    return {
        **_budget(budget),
        "funders": [{"name": f.name, "amount": f.amount_euros} for f in budget.funders],
    }


@schemes_router.get(
    "/{slug}/ledger/entries",
    response={200: LedgerEntryPageOut, **ERRORS_LOGIN_READ},
    auth=login_auth,
    summary="The entries of a scheme's ledger (programme managers)",
)
def list_ledger_entries(request, slug: SchemeSlug, filters: Query[PageIn]):
    """Every commitment, payment and release, newest first. For programme managers of the
    scheme's municipalities."""
    scheme = selectors.access_scheme(user=request.user, slug=slug)
    if not selectors.scheme_manages_any(user=request.user, scheme=scheme):
        raise PermissionDenied(
            _("Only a programme manager of this scheme's municipalities may read its ledger.")
        )
    qs = selectors.scheme_ledger(scheme=scheme)
    count = qs.count()
    start, size = _page(filters)
    rows = list(qs[start : start + size]) if start < count else []
    return {
        "count": count,
        "page": filters.page,
        "page_size": size,
        "results": [
            {
                "id": e.pk,
                "kind": e.kind,
                "kind_label": str(e.get_kind_display()),
                "amount": e.amount_euros,
                "application_id": e.application_id,
                "note": e.note,
                "created_at": e.created_at,
            }
            for e in rows
        ],
    }


# --- applications: reads -------------------------------------------------------------------


@applications_router.get(
    "",
    response={200: ApplicationPageOut, **ERRORS_LOGIN_READ},
    auth=login_auth,
    summary="My applications",
)
def list_applications(request, filters: Query[ApplicationFiltersIn]):
    """The applications of the initiatives whose team the caller is on, last changed first."""
    qs = selectors.user_applications(user=request.user, scheme_slug=filters.scheme)
    count = qs.count()
    start, size = _page(filters)
    rows = list(qs[start : start + size]) if start < count else []
    return {
        "count": count,
        "page": filters.page,
        "page_size": size,
        "results": [_list_item(request, a) for a in rows],
    }


@applications_router.get(
    "/{application_id}",
    response={200: ApplicationOut, **ERRORS_READ},
    auth=read_auth,
    summary="One application",
)
def get_application(request, application_id: ApplicationId):
    """What the caller may see of it: the public part of a decided application for everyone;
    the plan, budget, attachments and submissions for the team, the panel and the
    municipality's staff."""
    return _fresh_detail(request, application_id)


@applications_router.get(
    "/{application_id}/reviews",
    response={200: ReviewsOut, **ERRORS_LOGIN_READ},
    auth=login_auth,
    summary="The panel's reviews of an application",
)
def list_reviews(request, application_id: ApplicationId):
    """Programme managers read all reviews; a panel member their own, and the others' once
    they submitted their own; a panel member with a conflict of interest none."""
    application, roles = selectors.access_application(
        user=request.user, application_id=application_id
    )
    view, reviews = selectors.application_reviews(
        user=request.user, application=application, roles=roles
    )
    if not view:
        raise PermissionDenied(_("You may not read the scores of this application."))
    return {"view": view, "reviews": [_review(request.user, r) for r in reviews]}


# --- applications: the team's writes -------------------------------------------------------


@applications_router.post(
    "",
    response={201: ApplicationOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Start an application (a draft)",
)
def create_application(request, payload: ApplicationCreateIn):
    try:
        initiative = access_initiative(user=request.user, initiative_id=payload.initiative)
    except Http404:
        raise ValidationError({"initiative": _("Unknown initiative.")}) from None
    try:
        scheme = selectors.access_scheme(user=request.user, slug=payload.scheme)
    except Http404:
        raise ValidationError({"scheme": _("Unknown scheme.")}) from None
    application = services.application_create(
        user=request.user, initiative=initiative, scheme=scheme
    )
    return Reply(201, _fresh_detail(request, application.pk))


@applications_router.patch(
    "/{application_id}",
    response={200: ApplicationOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Change a draft (only the fields sent)",
)
def update_application(request, application_id: ApplicationId, payload: ApplicationPatchIn):
    application, _roles = selectors.access_application(
        user=request.user, application_id=application_id
    )
    data = payload.model_dump(exclude_unset=True, mode="json")
    services.application_update(user=request.user, application=application, data=data)
    return _fresh_detail(request, application_id)


@applications_router.post(
    "/{application_id}/submit",
    response={200: ApplicationOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Submit, or answer the questions of a sent-back application",
)
def submit_application(request, application_id: ApplicationId, payload: SubmitIn | None = None):
    application, _roles = selectors.access_application(
        user=request.user, application_id=application_id
    )
    services.application_submit(
        user=request.user,
        application=application,
        answer_to_questions=payload.answer_to_questions if payload else "",
    )
    return _fresh_detail(request, application_id)


@applications_router.post(
    "/{application_id}/withdraw",
    response={200: ApplicationOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Withdraw an application",
)
def withdraw_application(request, application_id: ApplicationId, payload: WithdrawIn | None = None):
    application, _roles = selectors.access_application(
        user=request.user, application_id=application_id
    )
    services.application_withdraw(
        user=request.user, application=application, reason=payload.reason if payload else ""
    )
    return _fresh_detail(request, application_id)


@applications_router.post(
    "/{application_id}/report",
    response={200: ApplicationOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Report what was spent of the grant",
)
def report_spending(request, application_id: ApplicationId, payload: ReportIn):
    application, _roles = selectors.access_application(
        user=request.user, application_id=application_id
    )
    services.spending_report_submit(
        user=request.user,
        application=application,
        realised_euros=payload.realised_euros,
        text=payload.text,
    )
    return _fresh_detail(request, application_id)


# --- applications: the panel ---------------------------------------------------------------


@applications_router.put(
    "/{application_id}/review",
    response={200: ReviewOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Save or submit your review",
)
def save_review(request, application_id: ApplicationId, payload: ReviewIn):
    """Score every criterion (1 to the scheme's score_max) with a motivation. Scores can be
    revised until the decision."""
    application, _roles = selectors.access_application(
        user=request.user, application_id=application_id
    )
    scores = {cid: score.model_dump() for cid, score in payload.scores.items()}
    review = services.review_save(
        user=request.user,
        application=application,
        scores=scores,
        comment=payload.comment,
        submit=payload.submit,
    )
    return _review(request.user, selectors.review_with_scores(review_id=review.pk))


@applications_router.post(
    "/{application_id}/conflict",
    response={200: ReviewOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Declare a conflict of interest",
)
def declare_conflict(request, application_id: ApplicationId, payload: ConflictDeclareIn):
    """You step aside for this application; any scores you gave no longer count."""
    application, _roles = selectors.access_application(
        user=request.user, application_id=application_id
    )
    review = services.review_declare_conflict(
        user=request.user, application=application, note=payload.note
    )
    return _review(request.user, selectors.review_with_scores(review_id=review.pk))


# --- applications: the programme manager ---------------------------------------------------


@applications_router.post(
    "/{application_id}/decision",
    response={201: ApplicationOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Decide: grant, not grant, or send back with questions",
)
def decide_application(request, application_id: ApplicationId, payload: DecisionIn):
    application, _roles = selectors.access_application(
        user=request.user, application_id=application_id
    )
    services.application_decide(
        user=request.user,
        application=application,
        outcome=payload.outcome.value,
        amount=payload.amount,
        reasoning=payload.reasoning,
        conditions=payload.conditions,
    )
    return Reply(201, _fresh_detail(request, application_id))


@applications_router.post(
    "/{application_id}/payments",
    response={201: ApplicationOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Book a payment of the grant",
)
def pay_grant(request, application_id: ApplicationId, payload: PaymentIn):
    application, _roles = selectors.access_application(
        user=request.user, application_id=application_id
    )
    services.grant_pay(
        user=request.user, application=application, amount=payload.amount, note=payload.note
    )
    return Reply(201, _fresh_detail(request, application_id))


@applications_router.post(
    "/{application_id}/releases",
    response={201: ApplicationOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Give unspent money of the grant back to the budget",
)
def release_grant(request, application_id: ApplicationId, payload: ReleaseIn):
    application, _roles = selectors.access_application(
        user=request.user, application_id=application_id
    )
    services.grant_release(
        user=request.user, application=application, amount=payload.amount, note=payload.note
    )
    return Reply(201, _fresh_detail(request, application_id))
