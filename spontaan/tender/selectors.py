"""Reads of the rolling tender, scoped to what the asking user may see.

Visibility:
- schemes in preparation: only programme managers of their municipalities;
- an application: its team always; the panel and the municipality's staff once submitted;
  the public only once decided, and then only its public part (amount, decision, reasoning,
  the panel's mean per criterion);
- scores: the programme managers; a panel member their own, and the others' once they have
  submitted their own; a panel member with a conflict of interest (or on the team) none.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Q, QuerySet, Sum, When
from django.http import Http404
from django.utils import timezone

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import AnyUser, user_roles
from spontaan.analysis.stats import median, percentile
from spontaan.clock.models import Clock
from spontaan.clock.selectors import clock_open_by_subject
from spontaan.core.workdays import working_days_between
from spontaan.initiatives.models import Initiative
from spontaan.initiatives.selectors import initiative_ids_on_team, initiative_is_team_member
from spontaan.places.models import Municipality

from . import ledger
from .kinds import ClockKey
from .models import (
    DECIDED,
    Application,
    ApplicationStatus,
    Attachment,
    BudgetLine,
    Criterion,
    Decision,
    EntryKind,
    Funder,
    LedgerEntry,
    Outcome,
    Review,
    Reviewer,
    Scheme,
    SchemeStatus,
    Score,
    Submission,
    Tranche,
)
from .rules import NOT_RECEIVED_STATUSES, TRANCHE_STATE_LABELS, budget_totals, tranche_state

TEAM = "team"
PANEL = "panel"
CONFLICTED = "conflicted"
MANAGER = "manager"
STAFF = "staff"  # connectors of the initiative's municipality: read along, no decisions


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


@dataclass
class Budget:
    budget: int
    committed: int  # commitments minus releases
    paid: int
    released: int
    funders: list = field(default_factory=list)

    @property
    def available(self) -> int:
        return self.budget - self.committed

    @property
    def committed_percent(self) -> float:
        return round(100 * self.committed / self.budget, 1) if self.budget else 0.0

    @property
    def paid_percent(self) -> float:
        return round(100 * self.paid / self.budget, 1) if self.budget else 0.0


def scheme_budget(*, scheme: Scheme) -> Budget:
    """Budget left = budget − (commitments − releases). One definition, used everywhere."""
    sums = dict(
        LedgerEntry.objects.filter(scheme=scheme)
        .values_list("kind")
        .annotate(total=Sum("amount_euros"))
    )
    commit, pay, release = (
        sums.get(k, 0) or 0 for k in (EntryKind.COMMIT, EntryKind.PAY, EntryKind.RELEASE)
    )
    return Budget(
        budget=scheme.budget_euros,
        committed=commit - release,
        paid=pay,
        released=release,
        funders=list(scheme.funders.all()),
    )


def scheme_ledger_state(*, scheme: Scheme) -> ledger.Ledger:
    return ledger.replay(
        scheme.budget_euros,
        LedgerEntry.objects.filter(scheme=scheme).values_list(
            "kind", "application_id", "amount_euros"
        ),
    )


def scheme_ledger(*, scheme: Scheme) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.filter(scheme=scheme)
        .select_related("application__initiative", "created_by")
        .order_by("-created_at", "-id")
    )


def scheme_counts(*, scheme: Scheme) -> dict[str, int]:
    rows = dict(
        Application.objects.filter(scheme=scheme).values_list("status").annotate(n=Count("id"))
    )
    counts = {status: rows.get(status, 0) for status in ApplicationStatus.values}
    counts["received"] = sum(v for k, v in counts.items() if k not in NOT_RECEIVED_STATUSES)
    counts["granted_euros"] = (
        Application.objects.filter(scheme=scheme, status=ApplicationStatus.GRANTED).aggregate(
            s=Sum("amount_granted")
        )["s"]
        or 0
    )
    return counts


def criterion_means(*, application_ids: list[int]) -> dict[int, dict[int, tuple[float, int]]]:
    """Per application, per criterion: the panel's mean score and how many scored it. Counts
    only submitted reviews of panel members without a conflict."""
    rows = (
        Score.objects.filter(
            review__application_id__in=application_ids,
            review__submitted_at__isnull=False,
            review__conflict_of_interest=False,
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


def scheme_phases(*, scheme: Scheme) -> list:
    phases = list(scheme.phases.all())
    counts = dict(
        Application.objects.filter(scheme=scheme, first_submitted_at__isnull=False)
        .values_list("mode")
        .annotate(n=Count("id"))
    )
    granted = dict(
        Application.objects.filter(scheme=scheme, status=ApplicationStatus.GRANTED)
        .values_list("mode")
        .annotate(n=Count("id"))
    )
    for phase in phases:
        phase.received = counts.get(phase.mode, 0)
        phase.granted = granted.get(phase.mode, 0)
    return phases


def scheme_tranches(*, scheme: Scheme) -> list[Tranche]:
    """The tranches with how many applications each received and granted, and their `state`
    today (closed, upcoming, open) with its `state_label`."""
    today = timezone.localdate()
    tranches = list(
        scheme.tranches.annotate(
            received=Count(
                "applications",
                filter=~Q(applications__status__in=NOT_RECEIVED_STATUSES),
            ),
            granted=Count("applications", filter=Q(applications__status=ApplicationStatus.GRANTED)),
        )
    )
    for tranche in tranches:
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
    return Municipality.objects.filter(pk__in=ids).select_related("region").order_by("name")


# --- applications -----------------------------------------------------------------------------


def application_roles(*, user: AnyUser, application: Application) -> set[str]:
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_tender_roles", None)
    if cache is None:
        cache = user._tender_roles = {}
    if application.pk in cache:
        return cache[application.pk]
    roles: set[str] = set()
    initiative = application.initiative
    if initiative_is_team_member(user=user, initiative=initiative):
        roles.add(TEAM)
    held = user_roles(user=user).get(initiative.municipality_id, set())
    if Role.PROGRAMME_MANAGER in held:
        roles.update({MANAGER, STAFF})
    if Role.CONNECTOR in held:
        roles.add(STAFF)
    if Reviewer.objects.filter(scheme_id=application.scheme_id, user=user).exists():
        in_scheme = {m for m, r in user_roles(user=user).items() if Role.REVIEWER in r}
        if in_scheme & scheme_municipality_ids(application.scheme):
            roles.add(PANEL)
            if (
                TEAM in roles
                or Review.objects.filter(
                    application=application, reviewer=user, conflict_of_interest=True
                ).exists()
            ):
                roles.add(CONFLICTED)
    cache[application.pk] = roles
    return roles


def access_application(*, user: AnyUser, application_id: int) -> tuple[Application, set[str]]:
    """The application and the caller's roles, or 404 when they may not see it at all."""
    try:
        application = (
            Application.objects.select_related(
                "scheme", "initiative__municipality", "tranche", "created_by"
            )
            .prefetch_related("scheme__municipalities")
            .get(pk=application_id)
        )
    except (Application.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such application.") from None
    roles = application_roles(user=user, application=application)
    if TEAM in roles:
        return application, roles
    if application.status == ApplicationStatus.DRAFT:
        raise Http404("No such application.")
    if roles & {PANEL, MANAGER, STAFF}:
        return application, roles
    if application.status in DECIDED and not application.initiative.is_hidden:
        return application, roles
    raise Http404("No such application.")


def may_see_scores(*, user: AnyUser, application: Application, roles: set[str]) -> str:
    """ "all", "own" (only one's own review) or "" (none). Someone on the initiative's team
    never sees the scores, whatever other role they hold."""
    if TEAM in roles:
        return ""
    if MANAGER in roles:
        return "all"
    if PANEL in roles and CONFLICTED not in roles:
        own = Review.objects.filter(
            application=application, reviewer=user, submitted_at__isnull=False
        ).exists()
        return "all" if own else "own"
    return ""


def application_detail(*, user: AnyUser, application: Application, roles: set[str]) -> dict:
    criteria = list(application.scheme.criteria.all())
    sees_private = bool(roles & {TEAM, PANEL, MANAGER, STAFF})
    lines = list(application.budget_lines.all()) if sees_private else []
    totals = budget_totals(lines) if sees_private else None
    decisions = list(application.decisions.select_related("decided_by"))
    if not sees_private:
        decisions = [d for d in decisions if d.outcome != "returned"]
    score_view = may_see_scores(user=user, application=application, roles=roles)
    reviews = []
    if score_view:
        reviews = application_reviews(user=user, application=application, roles=roles)[1]
    own_review = None
    if PANEL in roles:
        own_review = (
            next((r for r in reviews if r.reviewer_id == user.pk), None)
            or Review.objects.filter(application=application, reviewer=user)
            .prefetch_related("scores")
            .first()
        )
    means = {}
    if application.status in DECIDED or score_view == "all":
        means = criterion_means(application_ids=[application.pk]).get(application.pk, {})
    panel_size = scheme_panel_size(scheme=application.scheme)
    entries = _application_ledger(application, private=bool(roles & {TEAM, MANAGER, STAFF}))
    granted = application.status == ApplicationStatus.GRANTED
    # The grant's own entries say what it commits and what was paid.
    grant = (
        ledger.replay(0, [(e.kind, e.application_id, e.amount_euros) for e in entries]).grant(
            application.pk
        )
        if granted
        else None
    )
    report = getattr(application, "report", None) if granted else None
    return {
        "criteria": criteria,
        "lines": lines,
        "totals": totals,
        "attachments": list(application.attachments.all()) if sees_private else [],
        "submissions": list(application.submissions.select_related("submitted_by"))
        if sees_private
        else [],
        "decisions": decisions,
        "reviews": reviews,
        "own_review": own_review,
        "score_view": score_view,
        "criterion_means": [(c, means.get(c.pk)) for c in criteria],
        "weighted": weighted_score(means, criteria),
        "panel_size": panel_size,
        "submitted_reviews": Review.objects.filter(
            application=application, submitted_at__isnull=False, conflict_of_interest=False
        ).count(),
        "ledger": entries,
        "grant": grant,
        "report": report,
        "releasable": grant_releasable(grant=grant, realised=report.realised_euros)
        if grant is not None and report is not None
        else None,
    }


def _application_ledger(application: Application, *, private: bool) -> list[LedgerEntry]:
    """The grant's bookings. The public sees amounts and dates, not the managers' notes."""
    if not private and application.status not in DECIDED:
        return []
    entries = list(application.ledger.order_by("created_at", "id"))
    if not private:
        for entry in entries:
            entry.note = ""
    return entries


def application_budget_lines(*, application: Application) -> list[BudgetLine]:
    return list(application.budget_lines.all())


def application_attachments(*, application: Application) -> list[Attachment]:
    return list(application.attachments.all())


def application_questions(*, application: Application) -> Decision | None:
    """The latest questions the municipality sent the application back with, or None."""
    return (
        application.decisions.filter(outcome=Outcome.RETURNED)
        .order_by("-decided_at", "-id")
        .first()
    )


def access_attachment(*, application: Application, attachment_id: int) -> Attachment:
    """An attachment of this application, or 404. (The caller checked access to it.)"""
    try:
        return Attachment.objects.select_related("application").get(
            pk=attachment_id, application=application
        )
    except (Attachment.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such attachment.") from None


def applications_for_initiative(*, user: AnyUser, initiative: Initiative) -> list[Application]:
    """What the initiative page shows: all applications to its team and the municipality's
    staff, the decided ones to everyone else."""
    qs = Application.objects.filter(initiative=initiative).select_related("scheme")
    team = initiative_is_team_member(user=user, initiative=initiative)
    held = user_roles(user=user).get(initiative.municipality_id, set())
    if team:
        return list(qs)
    if held & {Role.CONNECTOR, Role.PROGRAMME_MANAGER}:
        return list(qs.exclude(status=ApplicationStatus.DRAFT))
    if user.is_authenticated:
        # A panel member sees what their panel assesses (as access_application allows).
        reviewer_in = [m for m, r in user_roles(user=user).items() if Role.REVIEWER in r]
        panel = Reviewer.objects.filter(user=user, scheme__municipalities__in=reviewer_in).values(
            "scheme_id"
        )
        return list(
            qs.filter(
                Q(status__in=DECIDED)
                | (Q(scheme_id__in=panel) & ~Q(status=ApplicationStatus.DRAFT))
            )
        )
    return list(qs.filter(status__in=DECIDED))


def open_schemes_for(*, initiative: Initiative) -> list[Scheme]:
    return list(
        Scheme.objects.filter(status=SchemeStatus.OPEN, municipalities=initiative.municipality)
    )


def review_queue(*, user: AnyUser) -> dict[str, list[Application]]:
    """For a panel member: what waits for their score, and what they have scored."""
    if not user.is_authenticated:
        return {"waiting": [], "done": [], "excluded": []}
    # Only panels where the person still holds the reviewer role in one of the municipalities.
    reviewer_in = [m for m, held in user_roles(user=user).items() if Role.REVIEWER in held]
    scheme_ids = list(
        Reviewer.objects.filter(user=user, scheme__municipalities__in=reviewer_in).values_list(
            "scheme_id", flat=True
        )
    )
    applications = list(
        Application.objects.filter(scheme_id__in=scheme_ids, status=ApplicationStatus.SUBMITTED)
        .select_related("scheme", "initiative__municipality", "tranche")
        .order_by("submitted_at", "id")
    )
    reviews = {
        r.application_id: r
        for r in Review.objects.filter(
            reviewer=user, application_id__in=[a.pk for a in applications]
        )
    }
    team_ids = set(initiative_ids_on_team(user=user).values_list("pk", flat=True))
    application_attach_due(applications=applications)
    waiting, done, excluded = [], [], []
    for application in applications:
        review = reviews.get(application.pk)
        if application.initiative_id in team_ids or (review and review.conflict_of_interest):
            excluded.append(application)
        elif review and review.submitted_at:
            done.append(application)
        else:
            waiting.append(application)
    return {"waiting": waiting, "done": done, "excluded": excluded}


@dataclass
class Pipeline:
    columns: list  # (status, label, [applications])
    decision_days: list[int]
    median_days: float | None
    p90_days: float | None


def scheme_pipeline(*, scheme: Scheme, municipality_ids: set[int] | None = None) -> Pipeline:
    """For the programme manager: applications by state with their panel progress, and the
    time from first submission to decision in working days."""
    qs = (
        Application.objects.filter(scheme=scheme)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("initiative__municipality", "tranche")
    )
    if municipality_ids is not None:
        qs = qs.filter(initiative__municipality_id__in=municipality_ids)
    applications = list(
        qs.annotate(
            reviews_done=Count(
                "reviews",
                filter=Q(reviews__submitted_at__isnull=False, reviews__conflict_of_interest=False),
            ),
        ).order_by("submitted_at", "id")
    )
    criteria = list(scheme.criteria.all())
    means = criterion_means(application_ids=[a.pk for a in applications])
    for application in applications:
        application.weighted = weighted_score(means.get(application.pk, {}), criteria)
    order = [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.RETURNED,
        ApplicationStatus.GRANTED,
        ApplicationStatus.NOT_GRANTED,
        ApplicationStatus.WITHDRAWN,
    ]
    application_attach_due(
        applications=[a for a in applications if a.status == ApplicationStatus.SUBMITTED]
    )
    columns = [
        (s, ApplicationStatus(s).label, [a for a in applications if a.status == s]) for s in order
    ]
    days = [
        working_days_between(
            timezone.localdate(a.first_submitted_at), timezone.localdate(a.decided_at)
        )
        for a in applications
        if a.decided_at and a.first_submitted_at
    ]
    return Pipeline(
        columns=columns, decision_days=days, median_days=median(days), p90_days=percentile(days, 90)
    )


def user_applications(*, user: AnyUser, scheme_slug: str = "") -> QuerySet[Application]:
    """The applications of the initiatives whose team the user is on, last changed first
    (only those to one scheme when `scheme_slug` is given)."""
    if not user.is_authenticated:
        return Application.objects.none()
    qs = Application.objects.filter(initiative_id__in=initiative_ids_on_team(user=user))
    if scheme_slug:
        qs = qs.filter(scheme__slug=scheme_slug)
    return qs.select_related("scheme", "initiative__municipality").order_by("-updated_at", "-id")


def review_with_scores(*, review_id: int) -> Review:
    """A review with its author and scores, as it is after a write. (The caller wrote it.)"""
    return (
        Review.objects.select_related("reviewer")
        .prefetch_related("scores__criterion")
        .get(pk=review_id)
    )


# --- for the API -------------------------------------------------------------------------------


def scheme_granted_euros(*, schemes: list[Scheme]) -> dict[int, int]:
    """Scheme id → the euros granted (as scheme_counts' granted_euros), in one query."""
    return dict(
        Application.objects.filter(scheme__in=schemes, status=ApplicationStatus.GRANTED)
        .order_by()
        .values_list("scheme_id")
        .annotate(s=Sum("amount_granted"))
    )


def application_reviews(
    *, user: AnyUser, application: Application, roles: set[str]
) -> tuple[str, list[Review]]:
    """The reviews the user may read ("all" or only their own) with their scores; ("", [])
    when they may read none."""
    view = may_see_scores(user=user, application=application, roles=roles)
    if not view:
        return view, []
    qs = Review.objects.filter(application=application).select_related("reviewer")
    if view == "own":
        qs = qs.filter(reviewer=user)
    else:
        # A review saved but not submitted is a draft only its author reads; a declared
        # conflict of interest is open to the panel and the programme manager.
        qs = qs.filter(
            Q(submitted_at__isnull=False) | Q(reviewer=user) | Q(conflict_of_interest=True)
        )
    return view, list(qs.prefetch_related("scores__criterion").order_by("submitted_at", "id"))


# --- pages of schemes -------------------------------------------------------------------------


def scheme_summaries(*, schemes: list[Scheme]) -> list[Scheme]:
    """For the list of schemes: attach each scheme's `budget` (a Budget without funders) and
    `counts` (received, granted, not granted), in two queries for all of them."""
    ids = [s.pk for s in schemes]
    sums: dict[int, dict[str, int]] = {}
    for scheme_id, kind, total in (
        LedgerEntry.objects.filter(scheme_id__in=ids)
        .order_by()
        .values_list("scheme_id", "kind")
        .annotate(total=Sum("amount_euros"))
    ):
        sums.setdefault(scheme_id, {})[kind] = total or 0
    statuses: dict[int, dict[str, int]] = {}
    for scheme_id, status, n in (
        Application.objects.filter(scheme_id__in=ids)
        .order_by()
        .values_list("scheme_id", "status")
        .annotate(n=Count("id"))
    ):
        statuses.setdefault(scheme_id, {})[status] = n
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


def application_open_clocks(*, application_ids: list[int]) -> dict[int, Clock]:
    """Application id → the answer clock that runs while the municipality holds it (the one
    of its latest submission), for a list of applications in two queries."""
    by_submission = dict(
        Submission.objects.filter(application_id__in=application_ids).values_list(
            "pk", "application_id"
        )
    )
    clocks = clock_open_by_subject(kind=ClockKey.APPLICATION, subject_ids=by_submission)
    return {
        by_submission[clock.subject_id]: clock
        for clock in sorted(clocks.values(), key=lambda c: (c.opened_at, c.pk))
    }


def application_open_clock(*, application: Application) -> Clock | None:
    """The answer clock that runs while the municipality holds the application, or None."""
    return application_open_clocks(application_ids=[application.pk]).get(application.pk)


def application_attach_due(*, applications: list[Application]) -> list[Application]:
    """Attach `due_on` (when the decision is due) and `overdue` to each application. The date
    is the one its answer clock fixed at submission (a tranche's decision date or the scheme's
    term as it was then), so a later change of the scheme's term does not move it."""
    clocks = application_open_clocks(application_ids=[a.pk for a in applications])
    today = timezone.localdate()
    for application in applications:
        clock = clocks.get(application.pk)
        application.due_on = clock.due_on if clock else None
        application.overdue = bool(clock and clock.due_on < today)
    return applications


def grant_releasable(*, grant: ledger.Grant, realised: int | None) -> int | None:
    """What can still be released of a grant: what it commits minus what was paid or spent,
    whichever is more (paid money cannot be released, spent money should not be). Releases
    already booked have lowered what it commits. None before the spending report."""
    if realised is None:
        return None
    return max(grant.committed - max(grant.paid, realised), 0)


@dataclass(frozen=True)
class GrantLine:
    application: Application
    granted: int
    committed: int  # granted minus released
    paid: int
    realised: int | None  # what the initiative reported spending; None before its report

    @property
    def open(self) -> int:
        return self.committed - self.paid

    @property
    def releasable(self) -> int | None:
        return grant_releasable(
            grant=ledger.Grant(self.committed, self.paid), realised=self.realised
        )


def scheme_grant_report(*, scheme: Scheme, municipality_ids: set[int]) -> list[GrantLine]:
    """Per grant: granted, committed, paid and realised (from the spending report). Three
    queries, whatever the number of grants."""
    applications = list(
        Application.objects.filter(
            scheme=scheme,
            status=ApplicationStatus.GRANTED,
            initiative__municipality_id__in=municipality_ids,
        )
        .select_related("initiative__municipality", "report")
        .order_by("decided_at", "id")
    )
    state = scheme_ledger_state(scheme=scheme)
    lines = []
    for application in applications:
        grant = state.grant(application.pk)
        report = getattr(application, "report", None)
        lines.append(
            GrantLine(
                application=application,
                granted=application.amount_granted or 0,
                committed=grant.committed,
                paid=grant.paid,
                realised=report.realised_euros if report else None,
            )
        )
    return lines
