"""Reads of moderation, scoped to who asks: the queue and cases for moderators of the
content's municipality, the objection page for the author, the public log for everyone."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import AnyUser, user_municipalities_with_role, user_roles

from .kinds import Content, moderatable_kind_label, moderatable_kinds
from .models import Case, ModerationDecision, Reason, Report, ReportOutcome, Verb


def access_content(*, user: AnyUser, kind: str, object_id: str | int) -> Content:
    """Content of a registered kind as this user may see it; 404 when unknown or hidden."""
    entry = moderatable_kinds.find(kind)
    content = entry.access(user, str(object_id)) if entry else None
    if content is None:
        raise Http404("No such content.")
    return content


def access_moderated_content(*, user: AnyUser, kind: str, object_id: str) -> Content:
    """Content (hidden or not) for a moderator of its municipality: 404 when unknown,
    403 for anyone else."""
    entry = moderatable_kinds.find(kind)
    content = entry.describe([object_id]).get(object_id) if entry else None
    if content is None:
        raise Http404("No such content.")
    if content.municipality_id not in moderator_municipalities(user=user):
        raise PermissionDenied(_("Only a moderator of this municipality may do this."))
    return content


def describe_case(case: Case) -> Content | None:
    entry = moderatable_kinds.find(case.kind)
    return entry.describe([case.object_id]).get(case.object_id) if entry else None


def moderator_municipalities(*, user: AnyUser) -> list[int]:
    return user_municipalities_with_role(user=user, roles={Role.MODERATOR})


def _with_open_reports(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("municipality").prefetch_related(
        Prefetch(
            "reports",
            queryset=Report.objects.filter(outcome=ReportOutcome.OPEN).select_related("reporter"),
            to_attr="open_reports",
        )
    )


def case_queue(*, user: AnyUser) -> QuerySet[Case]:
    """What waits for this moderator, in their municipalities, oldest first."""
    return _with_open_reports(
        Case.objects.filter(
            municipality_id__in=moderator_municipalities(user=user), queued_at__isnull=False
        )
    ).order_by("queued_at", "id")


def cases_hidden(*, user: AnyUser) -> QuerySet[Case]:
    """What is hidden now in this moderator's municipalities, most recently hidden first."""
    return (
        Case.objects.filter(municipality_id__in=moderator_municipalities(user=user), is_hidden=True)
        .select_related("municipality")
        .order_by("-hidden_at", "-id")
    )


def case_queue_count(*, user: AnyUser) -> int:
    ids = moderator_municipalities(user=user)
    return (
        Case.objects.filter(municipality_id__in=ids, queued_at__isnull=False).count() if ids else 0
    )


@dataclass(frozen=True)
class QueueItem:
    case: Case
    content: Content | None


def with_content(cases: list[Case]) -> list[QueueItem]:
    """The cases with their content, one lookup per kind."""
    ids: dict[str, list[str]] = {}
    for case in cases:
        ids.setdefault(case.kind, []).append(case.object_id)
    found = {
        kind: entry.describe(object_ids) if (entry := moderatable_kinds.find(kind)) else {}
        for kind, object_ids in ids.items()
    }
    return [QueueItem(case, found[case.kind].get(case.object_id)) for case in cases]


def access_case(*, user: AnyUser, case_id: int) -> Case:
    """A case for a moderator of its municipality; 404 for anyone else."""
    try:
        return _with_open_reports(
            Case.objects.filter(municipality_id__in=moderator_municipalities(user=user))
        ).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such case.") from None


def case_for_content(*, kind: str, object_id: str | int) -> Case | None:
    return Case.objects.filter(kind=kind, object_id=str(object_id)).first()


def has_reported(*, user: AnyUser, kind: str, object_id: str | int) -> bool:
    return (
        user.is_authenticated
        and Report.objects.filter(
            case__kind=kind, case__object_id=str(object_id), reporter=user
        ).exists()
    )


def access_objection_case(*, user: AnyUser, kind: str, object_id: str | int) -> Case:
    """The case of hidden content, for its author (who may object); 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404("No such case.")
    case = Case.objects.filter(
        kind=kind, object_id=str(object_id), author=user, is_hidden=True
    ).first()
    if case is None:
        raise Http404("No such case.")
    return case


def case_reports(*, case: Case) -> list[Report]:
    return list(case.reports.select_related("reporter").order_by("created_at", "id"))


def case_decisions(*, case: Case) -> list[ModerationDecision]:
    return list(case.decisions.select_related("moderator").order_by("created_at", "id"))


@dataclass(frozen=True)
class AuthorHistory:
    hidden: int  # earlier hides of this author's other content
    reported: int  # reports of this author's other content
    cases: list[Case]


def author_history(*, case: Case, limit: int = 10) -> AuthorHistory:
    """What moderation saw of this author before: their other content's hides and reports."""
    if case.author_id is None:
        return AuthorHistory(0, 0, [])
    others = Case.objects.filter(author_id=case.author_id).exclude(pk=case.pk)
    hidden = ModerationDecision.objects.filter(case__in=others, verb=Verb.HIDE).count()
    reported = Report.objects.filter(case__in=others).count()
    cases = list(
        others.annotate(report_count=Count("reports")).order_by("-created_at", "-id")[:limit]
    )
    return AuthorHistory(hidden, reported, cases)


@dataclass(frozen=True)
class LogLine:
    month: date
    kind: str
    kind_label: str
    reason: str
    verb: str
    verb_label: str
    reason_label: str
    count: int


def public_log() -> list[LogLine]:
    """Per month: how much of each kind was hidden and restored, and for which reason. No
    titles, names or addresses: only counts, kinds and reason categories."""
    rows = (
        ModerationDecision.objects.filter(verb__in=[Verb.HIDE, Verb.RESTORE])
        .annotate(month=TruncMonth("created_at"))
        .values("month", "case__kind", "verb", "reason")
        .annotate(count=Count("id"))
        .order_by("-month", "case__kind", "verb", "reason")
    )
    return [
        LogLine(
            month=row["month"].date() if isinstance(row["month"], datetime) else row["month"],
            kind=row["case__kind"],
            kind_label=moderatable_kind_label(row["case__kind"]),
            reason=row["reason"],
            verb=row["verb"],
            verb_label=str(Verb(row["verb"]).label),
            reason_label=str(Reason(row["reason"]).label) if row["reason"] else "–",
            count=row["count"],
        )
        for row in rows
    ]


# --- new-account limits -----------------------------------------------------------------

# An account "has taken part" once it has a contribution (of any registered kind) that is
# older than this and not hidden. Until then its links are not clickable and it may post
# only a few contributions a day.
# Both are settings (NEW_ACCOUNT_HOURS, NEW_ACCOUNT_DAILY_LIMIT).


def _new_account_hours() -> int:
    return int(getattr(settings, "NEW_ACCOUNT_HOURS", 24))


def _daily_limit() -> int:
    return int(getattr(settings, "NEW_ACCOUNT_DAILY_LIMIT", 3))


def _authored(user_id: int, since: datetime | None, before: datetime | None) -> int:
    return sum(kind.authored(user_id, since, before) for kind in moderatable_kinds)


def account_is_new(*, user: AnyUser) -> bool:
    """True while the account has not taken part (see the setting NEW_ACCOUNT_HOURS). Municipal staff
    and accounts that have taken part are never new."""
    if not user.is_authenticated:
        return True
    if user_roles(user=user):
        return False
    before = timezone.now() - timedelta(hours=_new_account_hours())
    return _authored(user.pk, None, before) == 0


def new_account_contributions_left(*, user: AnyUser) -> int | None:
    """How many contributions a new account may still post today; None when unlimited."""
    if not account_is_new(user=user):
        return None
    since = timezone.now() - timedelta(hours=24)
    return max(0, _daily_limit() - _authored(user.pk, since, None))


def require_contribution_allowed(*, user: AnyUser) -> None:
    """Raise a ValidationError when a new account has posted its contributions for today
    (services of content apps call this before they create a contribution)."""
    if new_account_contributions_left(user=user) == 0:
        raise ValidationError(
            _(
                "New accounts may post %(n)d contributions a day. Try again tomorrow; the "
                "limit goes once your first contribution is a day old."
            )
            % {"n": _daily_limit()}
        )
