"""The tender API of schemes: public, with their budget, decisions and ledger.

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

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from spontaan.core.api_auth import read_auth
from spontaan.core.api_schemas import PageIn, page_out
from spontaan.tender.api_common import (
    LOGIN_READ,
    PUBLIC_READ,
    SLUG_PATTERN,
    CriterionMeanOut,
    InitiativeRefOut,
    absolute_url,
    criterion_means_out,
    initiative_ref,
    ledger_entry_out,
    route,
)
from spontaan.tender.money import selectors as money_selectors
from spontaan.tender.schemes import selectors as scheme_selectors

from ..models import Application, Scheme

schemes_router = Router(tags=["tender: schemes"])


SchemeSlug = Annotated[
    str, Path(max_length=80, pattern=SLUG_PATTERN, description="The scheme's short name (slug).")
]


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


def _budget(budget: money_selectors.Budget) -> dict:
    return {
        "budget": budget.budget,
        "committed": budget.committed,
        "paid": budget.paid,
        "released": budget.released,
        "available": budget.available,
    }


def _counts(counts: dict) -> dict:
    return {k: counts.get(k, 0) for k in ("received", "granted", "not_granted", "granted_euros")}


def _scheme(request, scheme: Scheme, budget: money_selectors.Budget, counts: dict) -> dict:
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
        "url": absolute_url(request, scheme),
    }


def _public_decision(request, application: Application) -> dict:
    decision = application.public_decision
    return {
        "application_id": application.pk,
        "initiative": initiative_ref(application.initiative),
        "outcome": application.status,
        "outcome_label": str(application.get_status_display()),
        "amount_requested": application.amount_requested,
        "amount_granted": application.amount_granted,
        "decided_at": application.decided_at,
        "reasoning": decision.reasoning if decision else "",
        "conditions": decision.conditions if decision else "",
        "criterion_means": criterion_means_out(application.criterion_means),
        "weighted_score": application.weighted,
        "url": absolute_url(request, application),
    }


@schemes_router.get("", response={200: list[SchemeOut]}, auth=read_auth, summary="List schemes")
def list_schemes(request):
    """The schemes open, closed, and (for their programme managers) in preparation, with their
    budget and how many applications they received and granted."""
    schemes = scheme_selectors.scheme_summaries(
        schemes=list(scheme_selectors.scheme_list(user=request.user))
    )
    euros = scheme_selectors.scheme_granted_euros(schemes=schemes)
    return [
        _scheme(request, s, s.budget, {**s.counts, "granted_euros": euros.get(s.pk) or 0})
        for s in schemes
    ]


@route(schemes_router, "get", "/{slug}", SchemeDetailOut, "One scheme", access=PUBLIC_READ)
def get_scheme(request, slug: SchemeSlug):
    scheme = scheme_selectors.access_scheme(user=request.user, slug=slug)
    budget = money_selectors.scheme_budget(scheme=scheme)
    figures = scheme_selectors.scheme_application_figures(scheme=scheme)
    counts = scheme_selectors.scheme_counts(scheme=scheme, figures=figures)
    return {
        **_scheme(request, scheme, budget, counts),
        "purpose": scheme.purpose,
        "purpose_html": scheme.purpose_html,
        "max_per_initiative_euros": scheme.max_per_initiative_euros,
        "min_cofinancing_percent": scheme.min_cofinancing_percent,
        "eligible_categories": list(scheme.eligible_categories or []),
        "score_max": scheme.score_max,
        "decision_days": scheme.decision_days,
        "criteria": [
            {"id": c.pk, "name": c.name, "description": c.description, "weight": c.weight}
            for c in scheme_selectors.scheme_criteria(scheme=scheme)
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
            for t in scheme_selectors.scheme_tranches(scheme=scheme, figures=figures)
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
            for p in scheme_selectors.scheme_phases(scheme=scheme, figures=figures)
        ],
    }


@route(
    schemes_router,
    "get",
    "/{slug}/decisions",
    PublicDecisionPageOut,
    "The public decisions of a scheme",
    access=PUBLIC_READ,
)
def list_decisions(request, slug: SchemeSlug, filters: Query[PageIn]):
    """Granted and not granted applications, newest decision first: the amounts, the public
    reasoning and conditions, and the panel's mean per criterion (never who scored what)."""
    scheme = scheme_selectors.access_scheme(user=request.user, slug=slug)
    criteria = scheme_selectors.scheme_criteria(scheme=scheme)
    return page_out(
        filters,
        scheme_selectors.scheme_decided_public(scheme=scheme),
        lambda a: _public_decision(request, a),
        attach=lambda rows: scheme_selectors.scheme_attach_public(
            applications=rows, criteria=criteria
        ),
    )


@route(
    schemes_router,
    "get",
    "/{slug}/ledger",
    LedgerSummaryOut,
    "The budget of a scheme",
    access=PUBLIC_READ,
)
def get_ledger(request, slug: SchemeSlug):
    """Budget left = budget − (commitments − releases)."""
    scheme = scheme_selectors.access_scheme(user=request.user, slug=slug)
    budget = money_selectors.scheme_budget(scheme=scheme)
    return {
        **_budget(budget),
        "funders": [{"name": f.name, "amount": f.amount_euros} for f in budget.funders],
    }


@route(
    schemes_router,
    "get",
    "/{slug}/ledger/entries",
    LedgerEntryPageOut,
    "The entries of a scheme's ledger (programme managers)",
    access=LOGIN_READ,
)
def list_ledger_entries(request, slug: SchemeSlug, filters: Query[PageIn]):
    """Every commitment, payment and release, newest first. For programme managers of the
    scheme's municipalities."""
    scheme = scheme_selectors.access_scheme(user=request.user, slug=slug)
    if not scheme_selectors.scheme_manages_any(user=request.user, scheme=scheme):
        raise PermissionDenied(
            _("Only a programme manager of this scheme's municipalities may read its ledger.")
        )
    return page_out(
        filters, money_selectors.scheme_ledger(scheme=scheme, user=request.user), ledger_entry_out
    )
