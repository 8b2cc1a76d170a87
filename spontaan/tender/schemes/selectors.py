"""Reads of schemes, scoped to what the asking user may see: schemes in preparation only
for the programme managers of their municipalities; the public part of decided applications
(amount, decision, reasoning, the panel's mean per criterion) for everyone."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Sum, When
from django.http import Http404
from django.utils import timezone

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import (
    AnyUser,
    user_roles,
)
from spontaan.initiatives.models import Category, Initiative
from spontaan.places.models import Municipality
from spontaan.places.selectors import municipality_list
from spontaan.tender.fairness import counted_reviews
from spontaan.tender.money.selectors import Budget

from ..models import (
    DECIDED,
    Application,
    ApplicationStatus,
    Criterion,
    Decision,
    EntryKind,
    Funder,
    LedgerEntry,
    Reviewer,
    Scheme,
    SchemeStatus,
    Score,
    Tranche,
)
from ..rules import NOT_RECEIVED_STATUSES, TRANCHE_STATE_LABELS, tranche_state


def scheme_municipality_ids(scheme: Scheme) -> set[int]:
    """The ids of the municipalities the scheme covers (kept on the object)."""
    cached = getattr(scheme, "_municipality_ids", None)
    if cached is None:
        cached = {m.pk for m in scheme.municipalities.all()}
        scheme._municipality_ids = cached
    return cached


def scheme_is_manager(*, user: AnyUser, scheme: Scheme) -> bool:
    held = user_roles(user=user)
    ids = scheme_municipality_ids(scheme)
    return bool(ids) and all(Role.PROGRAMME_MANAGER in held.get(m, set()) for m in ids)


def scheme_manages_any(*, user: AnyUser, scheme: Scheme) -> bool:
    """A programme manager of at least one of the scheme's municipalities (decides there)."""
    held = user_roles(user=user)
    return any(
        Role.PROGRAMME_MANAGER in held.get(m, set()) for m in scheme_municipality_ids(scheme)
    )


def scheme_list(*, user: AnyUser) -> QuerySet[Scheme]:
    qs = (
        Scheme.objects.prefetch_related("municipalities")
        .annotate(
            status_order=Case(
                When(status=SchemeStatus.OPEN, then=0),
                When(status=SchemeStatus.DRAFT, then=1),
                default=2,
            )
        )
        .order_by("status_order", "-created_at", "-id")
    )
    managed = [m for m, held in user_roles(user=user).items() if Role.PROGRAMME_MANAGER in held]
    condition = ~Q(status=SchemeStatus.DRAFT)
    if managed:
        condition |= Q(municipalities__in=managed)
    return qs.filter(condition).distinct()


def access_scheme(*, user: AnyUser, slug: str) -> Scheme:
    try:
        scheme = Scheme.objects.prefetch_related("municipalities").get(slug=str(slug))
    except Scheme.DoesNotExist:
        raise Http404("No such scheme.") from None
    if scheme.status == SchemeStatus.DRAFT and not scheme_manages_any(user=user, scheme=scheme):
        raise Http404("No such scheme.")
    return scheme


@dataclass(frozen=True)
class ApplicationFigures:
    """What the scheme's pages count of its applications, from one grouped query."""

    by_status: dict[str, int]
    granted_euros: int
    received_by_mode: dict[str, int]  # submitted at least once
    granted_by_mode: dict[str, int]
    received_by_tranche: dict[int, int]  # received: not in NOT_RECEIVED_STATUSES
    granted_by_tranche: dict[int, int]


def scheme_application_figures(*, scheme: Scheme) -> ApplicationFigures:
    """Counts and sums of the scheme's applications per status, mode and tranche, in one
    query; pass them to scheme_counts, scheme_phases and scheme_tranches."""
    rows = (
        Application.objects.filter(scheme=scheme)
        .order_by()
        .values_list("status", "mode", "tranche_id")
        .annotate(n=Count("id"), submitted=Count("first_submitted_at"), euros=Sum("amount_granted"))
    )
    by_status: dict[str, int] = defaultdict(int)
    received_by_mode: dict[str, int] = defaultdict(int)
    granted_by_mode: dict[str, int] = defaultdict(int)
    received_by_tranche: dict[int, int] = defaultdict(int)
    granted_by_tranche: dict[int, int] = defaultdict(int)
    granted_euros = 0
    for status, mode, tranche_id, n, submitted, euros in rows:
        by_status[status] += n
        received_by_mode[mode] += submitted
        granted = status == ApplicationStatus.GRANTED
        if granted:
            granted_euros += euros or 0
            granted_by_mode[mode] += n
        if tranche_id is not None:
            if status not in NOT_RECEIVED_STATUSES:
                received_by_tranche[tranche_id] += n
            if granted:
                granted_by_tranche[tranche_id] += n
    return ApplicationFigures(
        dict(by_status),
        granted_euros,
        dict(received_by_mode),
        dict(granted_by_mode),
        dict(received_by_tranche),
        dict(granted_by_tranche),
    )


def scheme_counts(*, scheme: Scheme, figures: ApplicationFigures | None = None) -> dict[str, int]:
    figures = figures or scheme_application_figures(scheme=scheme)
    rows = figures.by_status
    counts = {status: rows.get(status, 0) for status in ApplicationStatus.values}
    counts["received"] = sum(v for k, v in counts.items() if k not in NOT_RECEIVED_STATUSES)
    counts["granted_euros"] = figures.granted_euros
    return counts


def criterion_means(*, application_ids: list[int]) -> dict[int, dict[int, tuple[float, int]]]:
    """Per application, per criterion: the panel's mean score and how many scored it. Counts
    only the reviews that count (tender.fairness)."""
    rows = (
        counted_reviews(
            Score.objects.filter(review__application_id__in=application_ids), via="review__"
        )
        .values_list("review__application_id", "criterion_id")
        .annotate(total=Sum("value"), n=Count("id"))
    )
    result: dict[int, dict[int, tuple[float, int]]] = {}
    for application_id, criterion_id, total, n in rows:
        result.setdefault(application_id, {})[criterion_id] = (round(total / n, 1), n)
    return result


def weighted_score(means: dict[int, tuple[float, int]], criteria: list[Criterion]) -> float | None:
    """The weighted mean over the criteria (weights in percent); None until all are scored."""
    if not criteria or any(c.pk not in means for c in criteria):
        return None
    total_weight = sum(c.weight for c in criteria) or 1
    return round(sum(means[c.pk][0] * c.weight for c in criteria) / total_weight, 2)


def _attach_public(applications: list[Application], criteria: list[Criterion]) -> None:
    ids = [a.pk for a in applications]
    means = criterion_means(application_ids=ids)
    final = {}
    for decision in (
        Decision.objects.filter(application_id__in=ids)
        .exclude(outcome="returned")
        .order_by("decided_at", "id")
    ):
        final[decision.application_id] = decision
    for application in applications:
        mine = means.get(application.pk, {})
        application.public_decision = final.get(application.pk)
        application.criterion_means = [(c, mine.get(c.pk)) for c in criteria]
        application.weighted = weighted_score(mine, criteria)


def scheme_phases(*, scheme: Scheme, figures: ApplicationFigures | None = None) -> list:
    figures = figures or scheme_application_figures(scheme=scheme)
    phases = list(scheme.phases.all())
    for phase in phases:
        phase.received = figures.received_by_mode.get(phase.mode, 0)
        phase.granted = figures.granted_by_mode.get(phase.mode, 0)
    return phases


def scheme_tranches(*, scheme: Scheme, figures: ApplicationFigures | None = None) -> list[Tranche]:
    """The tranches with how many applications each received and granted, and their `state`
    today (closed, upcoming, open) with its `state_label`."""
    figures = figures or scheme_application_figures(scheme=scheme)
    today = timezone.localdate()
    tranches = list(scheme.tranches.all())
    for tranche in tranches:
        tranche.received = figures.received_by_tranche.get(tranche.pk, 0)
        tranche.granted = figures.granted_by_tranche.get(tranche.pk, 0)
        tranche.state = tranche_state(tranche, today)
        tranche.state_label = TRANCHE_STATE_LABELS[tranche.state]
    return tranches


def scheme_criteria(*, scheme: Scheme) -> list[Criterion]:
    return list(scheme.criteria.all())


def scheme_criteria_locked(*, scheme: Scheme) -> bool:
    """Once a panel member has scored, the criteria and the scale stay as they are."""
    return Score.objects.filter(review__application__scheme=scheme).exists()


def scheme_funders(*, scheme: Scheme) -> list[Funder]:
    return list(scheme.funders.all())


def scheme_panel(*, scheme: Scheme) -> list[Reviewer]:
    return list(
        Reviewer.objects.filter(scheme=scheme)
        .select_related("user")
        .order_by("user__display_name", "id")
    )


def scheme_panel_size(*, scheme: Scheme) -> int:
    return Reviewer.objects.filter(scheme_id=scheme.pk).count()


def access_panel_member(*, scheme: Scheme, reviewer_id: int) -> Reviewer:
    """A member of this scheme's panel, or 404. (The caller checked who may see the panel.)"""
    try:
        return Reviewer.objects.select_related("scheme", "user").get(pk=reviewer_id, scheme=scheme)
    except (Reviewer.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such panel member.") from None


def user_is_on_a_panel(*, user: AnyUser) -> bool:
    return user.is_authenticated and Reviewer.objects.filter(user=user).exists()


def managed_municipalities(*, user: AnyUser) -> QuerySet[Municipality]:
    """The municipalities where the user is programme manager, by name (a queryset, for the
    form's choices)."""
    ids = [m for m, held in user_roles(user=user).items() if Role.PROGRAMME_MANAGER in held]
    return municipality_list().filter(pk__in=ids)


def open_schemes_for(*, initiative: Initiative) -> list[Scheme]:
    return list(
        Scheme.objects.filter(status=SchemeStatus.OPEN, municipalities=initiative.municipality)
    )


def scheme_granted_euros(*, schemes: list[Scheme]) -> dict[int, int]:
    """Scheme id → the euros granted (as scheme_counts' granted_euros), in one query."""
    return dict(
        Application.objects.filter(scheme__in=schemes, status=ApplicationStatus.GRANTED)
        .order_by()
        .values_list("scheme_id")
        .annotate(s=Sum("amount_granted"))
    )


def _per_scheme(rows: QuerySet, key: str, aggregate) -> dict[int, dict[str, int]]:
    """Per scheme, per value of `key`: the `aggregate` of `rows` (0 where it is empty)."""
    result: dict[int, dict[str, int]] = {}
    for scheme_id, value, total in (
        rows.order_by().values_list("scheme_id", key).annotate(total=aggregate)
    ):
        result.setdefault(scheme_id, {})[value] = total or 0
    return result


def scheme_summaries(*, schemes: list[Scheme]) -> list[Scheme]:
    """For the list of schemes: attach each scheme's `budget` (a Budget without funders) and
    `counts` (received, granted, not granted), in two queries for all of them."""
    ids = [s.pk for s in schemes]
    sums = _per_scheme(LedgerEntry.objects.filter(scheme_id__in=ids), "kind", Sum("amount_euros"))
    statuses = _per_scheme(Application.objects.filter(scheme_id__in=ids), "status", Count("id"))
    for scheme in schemes:
        entries = sums.get(scheme.pk, {})
        commit, pay, release = (
            entries.get(k, 0) for k in (EntryKind.COMMIT, EntryKind.PAY, EntryKind.RELEASE)
        )
        scheme.budget = Budget(
            budget=scheme.budget_euros, committed=commit - release, paid=pay, released=release
        )
        rows = statuses.get(scheme.pk, {})
        scheme.counts = {
            "received": sum(n for s, n in rows.items() if s not in NOT_RECEIVED_STATUSES),
            "granted": rows.get(ApplicationStatus.GRANTED, 0),
            "not_granted": rows.get(ApplicationStatus.NOT_GRANTED, 0),
        }
    return schemes


def scheme_decided_public(*, scheme: Scheme) -> QuerySet[Application]:
    """The decided applications the public may read (not those of hidden initiatives), newest
    decision first. Page through it, then call `scheme_attach_public` on the page."""
    return (
        Application.objects.filter(scheme=scheme, status__in=DECIDED, initiative__is_hidden=False)
        .select_related("initiative__municipality", "tranche")
        .order_by("-decided_at", "-id")
    )


def scheme_attach_public(
    *, applications: list[Application], criteria: list[Criterion]
) -> list[Application]:
    """Attach the public decision, the panel's mean per criterion and the weighted score (a
    fixed number of queries however many applications)."""
    _attach_public(applications, criteria)
    return applications


def scheme_category_labels(*, scheme: Scheme) -> list[str]:
    """The names of the initiative categories the scheme is open to (none: every category)."""
    return [Category(c).label for c in scheme.eligible_categories if c in Category.values]
