"""Reads of applications, scoped to what the asking user may see.

Visibility:
- schemes in preparation: only programme managers of their municipalities;
- an application: its team always; the panel and the municipality's staff once submitted;
  the public only once decided, and then only its public part (amount, decision, reasoning,
  the panel's mean per criterion);
- scores: the programme managers; a panel member their own, and the others' once they have
  submitted their own; a panel member with a conflict of interest (or on the team) none.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import (
    AnyUser,
    user_roles,
)
from spontaan.analysis.stats import median, percentile
from spontaan.clock.models import Clock
from spontaan.clock.selectors import clock_open_by_subject
from spontaan.core.workdays import working_days_between
from spontaan.initiatives.models import Initiative
from spontaan.initiatives.selectors import (
    initiative_ids_ever_on_team,
    initiative_ids_on_team_now,
    initiative_is_team_member,
)
from spontaan.tender.fairness import counted_review_count, counted_reviews, exclusion
from spontaan.tender.money.selectors import grant_releasable
from spontaan.tender.schemes.selectors import (
    criterion_means,
    scheme_municipality_ids,
    scheme_panel_size,
    weighted_score,
)

from .. import ledger
from ..kinds import ClockKey
from ..ledger import Grant
from ..models import (
    DECIDED,
    Application,
    ApplicationStatus,
    Attachment,
    BudgetLine,
    Criterion,
    Decision,
    LedgerEntry,
    Outcome,
    Review,
    Reviewer,
    Scheme,
    SpendingReport,
    Submission,
)
from ..rules import budget_totals

TEAM = "team"


PANEL = "panel"


CONFLICTED = "conflicted"


MANAGER = "manager"


STAFF = "staff"  # connectors of the initiative's municipality: read along, no decisions


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
            if exclusion(user=user, application=application):
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


@dataclass(frozen=True)
class ApplicationDetail:
    """What the caller may see of an application, beyond the application itself."""

    criteria: list[Criterion]
    lines: list[BudgetLine]  # empty for those who see only the public part
    totals: dict | None  # budget_totals of the lines; None for the public
    attachments: list[Attachment]
    submissions: list[Submission]
    decisions: list[Decision]
    reviews: list[Review]
    own_review: Review | None
    score_view: str  # "all", "own" or ""
    criterion_means: list[tuple[Criterion, tuple[float, int] | None]]
    weighted: float | None
    panel_size: int
    submitted_reviews: int
    ledger: list[LedgerEntry]
    grant: Grant | None  # what the grant commits and what was paid; None unless granted
    report: SpendingReport | None
    releasable: int | None  # what can still be released (see grant_releasable)


def application_detail(
    *, user: AnyUser, application: Application, roles: set[str]
) -> ApplicationDetail:
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
    return ApplicationDetail(
        criteria=criteria,
        lines=lines,
        totals=totals,
        attachments=list(application.attachments.all()) if sees_private else [],
        submissions=list(application.submissions.select_related("submitted_by"))
        if sees_private
        else [],
        decisions=decisions,
        reviews=reviews,
        own_review=own_review,
        score_view=score_view,
        criterion_means=[(c, means.get(c.pk)) for c in criteria],
        weighted=weighted_score(means, criteria),
        panel_size=panel_size,
        submitted_reviews=counted_reviews(Review.objects.filter(application=application)).count(),
        ledger=entries,
        grant=grant,
        report=report,
        releasable=grant_releasable(grant=grant, realised=report.realised_euros)
        if grant is not None and report is not None
        else None,
    )


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


@dataclass(frozen=True)
class ReviewQueue:
    waiting: list[Application]  # for the panel member's score
    done: list[Application]  # scored by them
    excluded: list[Application]  # ever on the team, or a declared conflict of interest


def review_queue(*, user: AnyUser) -> ReviewQueue:
    """For a panel member: what waits for their score, and what they have scored."""
    if not user.is_authenticated:
        return ReviewQueue(waiting=[], done=[], excluded=[])
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
    team_ids = set(initiative_ids_ever_on_team(user=user).values_list("pk", flat=True))
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
    return ReviewQueue(waiting=waiting, done=done, excluded=excluded)


@dataclass(frozen=True)
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
            reviews_done=counted_review_count(),
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
    ids = initiative_ids_on_team_now(user=user)
    if not ids:
        return Application.objects.none()
    qs = Application.objects.filter(initiative_id__in=ids)
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
