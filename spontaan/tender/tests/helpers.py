"""Helpers shared by the service tests of the tender: more initiatives and applications, and
a check that a refused action wrote nothing at all."""

from contextlib import contextmanager
from datetime import timedelta

from django.utils import timezone

from spontaan.clock.models import Clock
from spontaan.core.models import AuditEntry
from spontaan.initiatives.models import Initiative, TimelineEvent
from spontaan.initiatives.services import initiative_create
from spontaan.notifications.models import Notification
from spontaan.tender.applications import assessment
from spontaan.tender.applications import services as application_services
from spontaan.tender.models import (
    Application,
    Attachment,
    BudgetLine,
    Criterion,
    Decision,
    Funder,
    LedgerEntry,
    LineSource,
    Mode,
    Outcome,
    Phase,
    Review,
    Reviewer,
    Scheme,
    SchemeStatus,
    Score,
    SpendingReport,
    Submission,
    Tranche,
)
from spontaan.tender.money.selectors import scheme_budget
from spontaan.tender.schemes import services as scheme_services

COUNTED = (
    Scheme,
    Funder,
    Criterion,
    Reviewer,
    Tranche,
    Phase,
    Application,
    Submission,
    BudgetLine,
    Attachment,
    Review,
    Score,
    Decision,
    LedgerEntry,
    SpendingReport,
    AuditEntry,
    TimelineEvent,
    Clock,
    Notification,
)


def snapshot() -> dict:
    """Row counts of everything the tender writes, plus the fields its updates change."""
    state: dict = {model.__name__: model.objects.count() for model in COUNTED}
    state["scheme_fields"] = sorted(
        Scheme.objects.values_list(
            "pk",
            "name",
            "slug",
            "status",
            "mode",
            "budget_euros",
            "max_per_initiative_euros",
            "min_cofinancing_percent",
            "score_max",
            "decision_days",
            "eligible_categories",
        )
    )
    state["application_fields"] = sorted(
        Application.objects.values_list(
            "pk",
            "status",
            "amount_requested",
            "plan",
            "themes",
            "wants_pitch",
            "tranche_id",
            "mode",
            "submitted_at",
            "decided_at",
            "amount_granted",
        )
    )
    state["initiative_status"] = sorted(Initiative.objects.values_list("pk", "status"))
    state["clocks"] = sorted(Clock.objects.values_list("pk", "first_answered_at", "due_on"))
    state["reviews"] = sorted(
        Review.objects.values_list("pk", "conflict_of_interest", "comment", "submitted_at")
    )
    state["scores"] = sorted(Score.objects.values_list("pk", "value", "motivation"))
    state["reports"] = sorted(SpendingReport.objects.values_list("pk", "realised_euros", "text"))
    return state


@contextmanager
def writes_nothing():
    """`with writes_nothing(), pytest.raises(...)`: the refused call left no trace."""
    before = snapshot()
    yield
    after = snapshot()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert not changed, f"a refused action wrote: {changed}"


def new_initiative(user, municipality, title="Repair Café Hengelo", category="activity"):
    return initiative_create(
        user=user,
        municipality=municipality,
        title=title,
        summary="Samen spullen repareren.",
        category=category,
    )


def decide(
    user, application, outcome=Outcome.GRANTED, amount=5000, reasoning="Goed plan.", **kwargs
):
    return assessment.application_decide(
        user=user,
        application=application,
        outcome=outcome,
        amount=amount,
        reasoning=reasoning,
        **kwargs,
    )


def money(scheme) -> tuple:
    """The scheme's budget as (committed, paid, released, available)."""
    budget = scheme_budget(scheme=scheme)
    return (budget.committed, budget.paid, budget.released, budget.available)


def lines_for(amount: int) -> list[dict]:
    """A budget plan asking `amount` from the scheme, with a third of the cost co-financed."""
    return [
        {"item": "Materiaal", "amount_euros": amount, "source": LineSource.SCHEME},
        {"item": "Eigen bijdrage", "amount_euros": amount // 2, "source": LineSource.OWN},
    ]


def complete_draft(
    user, initiative, scheme, amount=3000, themes=("groen",), *, plan=None, lines=None
):
    """A draft ready to submit; by default its plan names the initiative and a third of its
    cost is co-financed (`lines_for`)."""
    application = application_services.application_create(
        user=user, initiative=initiative, scheme=scheme
    )
    return application_services.application_update(
        user=user,
        application=application,
        data={
            "amount_requested": amount,
            "plan": f"Plan van {initiative.title}." if plan is None else plan,
            "themes": list(themes),
            "budget_lines": lines_for(amount) if lines is None else lines,
        },
    )


def regional_scheme(manager, municipality, other_municipality, **fields):
    """A scheme of `manager` for both municipalities (Hengelo and Borne)."""
    return scheme_services.scheme_create(
        user=manager,
        region=municipality.region,
        municipalities=[municipality, other_municipality],
        **fields,
    )


def open_with_panel(manager, scheme, *reviewers):
    """Puts the reviewers on the scheme's panel and opens the scheme."""
    for reviewer in reviewers:
        scheme_services.reviewer_add(user=manager, scheme=scheme, email=reviewer.email)
    return scheme_services.scheme_set_status(user=manager, scheme=scheme, status=SchemeStatus.OPEN)


def tranche_scheme(
    manager,
    municipality,
    *,
    name="Tranches Binnenstad",
    opens_days=-10,
    closes_days=10,
    decide_days=40,
    status=SchemeStatus.OPEN,
):
    """A scheme for Hengelo only, in tranche mode, with one tranche around today."""
    scheme = scheme_services.scheme_create(
        user=manager,
        region=municipality.region,
        municipalities=[municipality],
        name=name,
        purpose="Tranches.",
        budget_euros=50_000,
        max_per_initiative_euros=10_000,
        min_cofinancing_percent=0,
        mode=Mode.TRANCHES,
    )
    today = timezone.localdate()
    scheme_services.tranche_add(
        user=manager,
        scheme=scheme,
        name="Voorjaar",
        opens_on=today + timedelta(days=opens_days),
        closes_on=today + timedelta(days=closes_days),
        decide_by=today + timedelta(days=decide_days),
    )
    if status != SchemeStatus.DRAFT:
        scheme = scheme_services.scheme_set_status(user=manager, scheme=scheme, status=status)
    return scheme
