"""Reads of initiatives, scoped to what the asking user may see."""

import functools
import hashlib
from dataclasses import dataclass
from typing import TypeVar

from django.db import connections, router
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import AnyUser, user_has_any_role, user_roles
from spontaan.actors.selectors import actor_names
from spontaan.core.rows import CompiledSelect
from spontaan.core.search import search_words

from .kinds import EventKey
from .models import (
    AddressedToMunicipality,
    Ask,
    Follow,
    Function,
    Initiative,
    InvitationStatus,
    NewsItem,
    RuleConflict,
    TeamInvitation,
    TeamMember,
    TimelineEvent,
)
from .rules import CONNECTOR, PROGRAMME_MANAGER, TEAM
from .search_index import matching

NEWS_EVENT = "news"  # kinds.EventKey.NEWS (kinds imports the registries of other apps)

STAFF_ROLES = {Role.CONNECTOR, Role.PROGRAMME_MANAGER, Role.MODERATOR}


def _current_team() -> QuerySet[TeamMember]:
    """Team terms that have not ended: the team as it is now."""
    return TeamMember.objects.filter(left_at__isnull=True)


def hidden_visible_ids(*, user: AnyUser) -> list[int]:
    """The hidden (moderated) initiatives this person still sees, in id order: those they
    created, those of their team now, and, for the municipality's staff, those of the
    municipality. One query for a signed-in person (kept on the user object for the request,
    as their roles are), none for a visitor: a union of one indexed read per reason, where an
    `OR` over a subquery would make PostgreSQL read every initiative."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_spontaan_hidden_ids", None)
    if cached is not None:
        return cached
    staff_of = [m for m, roles in user_roles(user=user).items() if roles & STAFF_ROLES]
    reasons = [
        Initiative.objects.filter(is_hidden=True, created_by=user).order_by().values_list("pk"),
        _current_team()
        .filter(actor__user=user, initiative__is_hidden=True)
        .order_by()
        .values_list("initiative_id"),
    ]
    if staff_of:
        reasons.append(
            Initiative.objects.filter(is_hidden=True, municipality_id__in=staff_of)
            .order_by()
            .values_list("pk")
        )
    user._spontaan_hidden_ids = sorted({pk for (pk,) in reasons[0].union(*reasons[1:])})
    return user._spontaan_hidden_ids


def _visible(user: AnyUser) -> Q:
    """Hidden (moderated) initiatives stay visible to their team and the municipality's staff
    (`hidden_visible_ids`)."""
    hidden = hidden_visible_ids(user=user)
    return Q(is_hidden=False) | Q(pk__in=hidden) if hidden else Q(is_hidden=False)


def visibility_scope(*, user: AnyUser) -> str:
    """What of the hidden initiatives this person may see, as a short key for caches of what
    many people see alike (core.fragments): "" when they see what every visitor sees, else a
    digest of `hidden_visible_ids`."""
    hidden = hidden_visible_ids(user=user)
    if not hidden:
        return ""
    return "hidden:" + hashlib.sha256(",".join(map(str, hidden)).encode()).hexdigest()[:32]


def initiative_list_public(*, user: AnyUser) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(_visible(user))
        .select_related("municipality")
        .prefetch_related("functions")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class InitiativeFilters:
    municipality: str = ""  # slug
    category: str = ""
    status: str = ""
    function: str = ""  # slug
    q: str = ""


def initiative_list(*, user: AnyUser, filters: InitiativeFilters) -> QuerySet[Initiative]:
    qs = initiative_list_public(user=user)
    if filters.municipality:
        qs = qs.filter(municipality__slug=filters.municipality)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.function:
        qs = qs.filter(functions__slug=filters.function)
    if filters.q:
        qs = matching(qs, search_words(filters.q))
    return qs


def function_choices() -> list[tuple[str, str]]:
    """(slug, name in the active language) of every function: the options of a filter."""
    name = "name_en" if (get_language() or "nl").startswith("en") else "name_nl"
    return list(Function.objects.order_by("name_nl", "id").values_list("slug", name))


def access_initiative(*, user: AnyUser, initiative_id: int) -> Initiative:
    """The one way to fetch an initiative for someone: 404 when it is unknown or hidden to them
    (the rule of `_visible`, checked on the one row)."""
    try:
        initiative = Initiative.objects.select_related("municipality", "created_by").get(
            pk=initiative_id
        )
    except (Initiative.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such initiative.") from None
    if initiative.is_hidden and not _sees_hidden(user, initiative):
        raise Http404("No such initiative.")
    return initiative


def _sees_hidden(user: AnyUser, initiative: Initiative) -> bool:
    """`hidden_visible_ids` for one initiative: its team (the initiator included) and the staff
    of its municipality."""
    if not user.is_authenticated:
        return False
    staff = user_roles(user=user).get(initiative.municipality_id, set()) & STAFF_ROLES
    return bool(staff) or initiative_is_team_member(user=user, initiative=initiative)


def initiative_roles(*, user: AnyUser, initiative: Initiative) -> set[str]:
    """The lifecycle roles this user has for this initiative (see rules.py)."""
    if not user.is_authenticated:
        return set()
    roles: set[str] = set()
    if initiative_is_team_member(user=user, initiative=initiative):
        roles.add(TEAM)
    held = user_roles(user=user).get(initiative.municipality_id, set())
    if Role.CONNECTOR in held:
        roles.add(CONNECTOR)
    if Role.PROGRAMME_MANAGER in held:
        roles.update({PROGRAMME_MANAGER, CONNECTOR})
    return roles


def initiative_is_team_member(*, user: AnyUser, initiative: Initiative) -> bool:
    if not user.is_authenticated:
        return False
    cache_key = f"_team_{initiative.pk}"
    if not hasattr(user, cache_key):
        setattr(
            user,
            cache_key,
            initiative.created_by_id == user.pk
            or _current_team().filter(initiative=initiative, actor__user=user).exists(),
        )
    return getattr(user, cache_key)


def initiative_was_team_member(*, user: AnyUser, initiative: Initiative) -> bool:
    """On the team now or at any time before (the initiator always is)."""
    if not user.is_authenticated:
        return False
    return (
        initiative.created_by_id == user.pk
        or TeamMember.objects.filter(initiative=initiative, actor__user=user).exists()
    )


def initiative_ids_ever_on_team(*, user: AnyUser) -> QuerySet:
    """The ids of the initiatives whose team the user is or ever was on, as a subquery."""
    if not user.is_authenticated:
        return Initiative.objects.none().values("pk")
    return Initiative.objects.filter(
        Q(created_by=user)
        | Q(pk__in=TeamMember.objects.filter(actor__user=user).values("initiative_id"))
    ).values("pk")


def initiative_ever_team_user_ids(*, initiative: Initiative) -> set[int]:
    """Everyone with an account who is or ever was on the team, the initiator included."""
    ids = set(
        TeamMember.objects.filter(initiative=initiative, actor__user__isnull=False).values_list(
            "actor__user_id", flat=True
        )
    )
    ids.add(initiative.created_by_id)
    return ids


def ever_on_team_condition(*, user_field: str, initiative_field: str) -> Q:
    """A filter for rows that pair a person with an initiative (`user_field` and
    `initiative_field` name the two foreign keys, as lookups from the filtered model): true when
    that person is or ever was on that initiative's team. For example the tender counts a
    review only when `~ever_on_team_condition(user_field="reviewer",
    initiative_field="application__initiative")`."""
    term = TeamMember.objects.filter(
        initiative_id=OuterRef(f"{initiative_field}_id"),
        actor__user_id=OuterRef(f"{user_field}_id"),
    )
    return Q(Exists(term)) | Q(**{f"{initiative_field}__created_by_id": F(f"{user_field}_id")})


def initiative_ids_on_team(*, user: AnyUser) -> QuerySet:
    """The ids of the initiatives whose team the user is on (the initiator or a member), as a
    subquery: `filter(initiative_id__in=initiative_ids_on_team(user=user))`."""
    if not user.is_authenticated:
        return Initiative.objects.none().values("pk")
    # A union of two indexed reads: with "created_by = … OR pk IN (…)" PostgreSQL scans every
    # initiative (10 ms at 10,000 on the personal page, against 0.1 ms).
    return (
        Initiative.objects.filter(created_by=user)
        .order_by()
        .values("pk")
        .union(_current_team().filter(actor__user=user).order_by().values("initiative_id"))
    )


def user_is_municipal_staff_for(*, user: AnyUser, initiative: Initiative) -> bool:
    """Connectors and programme managers answer on behalf of the initiative's municipality."""
    return user_has_any_role(
        user=user,
        municipality_id=initiative.municipality_id,
        roles={Role.CONNECTOR, Role.PROGRAMME_MANAGER},
    )


def initiative_team_now(*, initiative: Initiative) -> list[TeamMember]:
    """The current team, in the order its members joined, with their actors."""
    return list(
        _current_team()
        .filter(initiative=initiative)
        .select_related("actor")
        .order_by("added_at", "id")
    )


def initiative_addressed(*, initiative: Initiative) -> dict:
    """The asks to the municipality and the conflicts with rules, with who wrote and answered."""
    return {
        "asks": list(
            Ask.objects.filter(initiative=initiative).select_related("created_by", "answered_by")
        ),
        "conflicts": list(
            RuleConflict.objects.filter(initiative=initiative).select_related(
                "created_by", "answered_by"
            )
        ),
    }


def initiative_follower_count(*, initiative: Initiative) -> int:
    return Follow.objects.filter(initiative=initiative).count()


def initiative_detail(*, initiative: Initiative) -> dict:
    """What the detail page and API show besides the timeline (`initiative_timeline_shown`),
    in a fixed number of queries."""
    return {
        "team": initiative_team_now(initiative=initiative),
        **initiative_addressed(initiative=initiative),
        "functions": list(initiative.functions.all()),
        "follower_count": initiative_follower_count(initiative=initiative),
    }


def initiative_timeline_shown(*, initiative: Initiative) -> list[TimelineEvent]:
    """The timeline as the initiative's page shows it, team events with today's names."""
    return with_team_names(list(initiative_timeline(initiative=initiative)))


def with_team_names(events: list[TimelineEvent]) -> list[TimelineEvent]:
    """Team events store the actor's id; show them with the name the actor has now (one query
    for all), as `{"added": name}` or `{"removed": name}`. Events written before the id was
    stored keep the name they have."""
    team_events = [e for e in events if e.kind == EventKey.TEAM and "actor" in e.data]
    names = actor_names(ids={e.data["actor"] for e in team_events})
    for event in team_events:
        key = "removed" if event.data.get("change") == "left" else "added"
        event.data = {key: names.get(event.data["actor"], "")}
    return events


def initiative_is_followed(*, user: AnyUser, initiative: Initiative) -> bool:
    return (
        user.is_authenticated and Follow.objects.filter(initiative=initiative, user=user).exists()
    )


def _without_hidden_news(qs: QuerySet[TimelineEvent], initiative_id: int):
    """The timeline without the events of hidden team news."""
    hidden = list(
        NewsItem.objects.filter(initiative_id=initiative_id, is_hidden=True).values_list(
            "pk", flat=True
        )
    )
    return qs.exclude(kind=NEWS_EVENT, data__news__in=hidden) if hidden else qs


def initiative_timeline(*, initiative: Initiative) -> QuerySet[TimelineEvent]:
    """The timeline, oldest first; pass what is shown through `with_team_names`."""
    return _without_hidden_news(
        TimelineEvent.objects.filter(initiative=initiative)
        .select_related("user")
        .order_by("created_at", "id"),
        initiative.pk,
    )


def initiative_follower_ids(*, initiative: Initiative) -> list[int]:
    return list(Follow.objects.filter(initiative=initiative).values_list("user_id", flat=True))


def initiative_team_user_ids(*, initiative: Initiative) -> list[int]:
    """The people on the team now, the initiator included."""
    ids = set(
        _current_team()
        .filter(initiative=initiative, actor__user__isnull=False)
        .values_list("actor__user_id", flat=True)
    )
    ids.add(initiative.created_by_id)
    return sorted(ids)


def team_invitations_pending(*, initiative: Initiative) -> list[TeamInvitation]:
    """For the team: whom it has asked to join and who has not answered yet."""
    return list(
        TeamInvitation.objects.filter(initiative=initiative, status=InvitationStatus.PENDING)
    )


def team_invitations_for(*, user: AnyUser) -> list[TeamInvitation]:
    """The invitations waiting for this person: addressed to their confirmed address."""
    if not user.is_authenticated or not user.email:
        return []
    return list(
        TeamInvitation.objects.filter(
            email__iexact=user.email, status=InvitationStatus.PENDING
        ).select_related("initiative")
    )


_PENDING_FOR = CompiledSelect(TeamInvitation, (), where=(("email", "iexact"), ("status", "=")))


def team_invitation_count(*, user: AnyUser) -> int:
    """How many invitations wait for this person (as team_invitations_for), for the personal
    page, which only says how many."""
    if not user.is_authenticated or not user.email:
        return 0
    return _PENDING_FOR.count(user.email, InvitationStatus.PENDING)


def access_team_invitation(*, user: AnyUser, invitation_id: int) -> TeamInvitation:
    """An invitation its addressee may answer, or 404 (also for everyone else)."""
    found = next((i for i in team_invitations_for(user=user) if i.pk == invitation_id), None)
    if found is None:
        raise Http404("No such invitation.")
    return found


def access_team_term(*, initiative: Initiative, member_id: int) -> TeamMember:
    """A current member of this initiative's team (one term), or 404."""
    member = (
        _current_team()
        .select_related("actor", "initiative")
        .filter(pk=member_id, initiative=initiative)
        .first()
    )
    if member is None:
        raise Http404("No such member.")
    return member


def access_pending_invitation(*, initiative: Initiative, invitation_id: int) -> TeamInvitation:
    """An unanswered invitation of this initiative's team, or 404."""
    invitation = TeamInvitation.objects.filter(
        pk=invitation_id, initiative=initiative, status=InvitationStatus.PENDING
    ).first()
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def access_ask(*, user: AnyUser, ask_id: int) -> Ask:
    return _access_addressed(Ask, user=user, pk=ask_id, not_found="No such ask.")


def access_conflict(*, user: AnyUser, conflict_id: int) -> RuleConflict:
    return _access_addressed(RuleConflict, user=user, pk=conflict_id, not_found="No such conflict.")


M = TypeVar("M", bound=AddressedToMunicipality)


def _access_addressed(model: type[M], *, user: AnyUser, pk: int, not_found: str) -> M:
    """An ask or a conflict, if the user may see its initiative."""
    try:
        item = model.objects.select_related("initiative").get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(not_found) from None
    access_initiative(user=user, initiative_id=item.initiative_id)
    return item


def initiative_located_list(*, user: AnyUser, filters: InitiativeFilters) -> QuerySet[Initiative]:
    """The initiatives of `initiative_list` (same filters, same visibility, same order) that
    have a location, for reading plain values (`.values_list()`): nothing prefetched."""
    return (
        initiative_list(user=user, filters=filters)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .prefetch_related(None)
    )


def initiative_counts_by_municipality() -> dict[int, int]:
    """Public initiatives per municipality (the figure "initiatives.count")."""
    return dict(
        Initiative.objects.filter(is_hidden=False)
        .values_list("municipality_id")
        .annotate(n=Count("id"))
    )


def initiative_events(*, initiative_id: int, kind: str | None = None) -> list[TimelineEvent]:
    """An initiative's public timeline (of one kind, if given), oldest first: for the sections
    other apps add to the initiative page."""
    qs = _without_hidden_news(
        TimelineEvent.objects.filter(initiative_id=initiative_id).select_related("user"),
        initiative_id,
    )
    if kind is not None:
        qs = qs.filter(kind=kind)
    return with_team_names(list(qs.order_by("created_at", "id")))


# What a line of a person's lists shows; the long texts (story, summary) stay unread.
CARD_FIELDS = ("id", "title", "status", "updated_at", "municipality__name")


def initiatives_on_team(*, user: AnyUser) -> QuerySet[Initiative]:
    """The initiatives whose team the user is on, last changed first."""
    return (
        Initiative.objects.filter(pk__in=initiative_ids_on_team(user=user))
        .select_related("municipality")
        .order_by("-updated_at", "-id")
    )


def initiatives_on_team_first(*, user: AnyUser, limit: int) -> tuple[list[Initiative], int]:
    """The first `limit` of initiatives_on_team and how many there are (no list query for
    someone on no team)."""
    ids = initiative_ids_on_team_now(user=user)
    if not ids:
        return [], 0
    shown = list(
        Initiative.objects.filter(pk__in=ids)
        .select_related("municipality")
        .only(*CARD_FIELDS)
        .order_by("-updated_at", "-id")[:limit]
    )
    return shown, len(ids)


@functools.cache
def _team_ids_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name

    def column(model, name: str) -> str:
        return f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"

    actor = TeamMember._meta.get_field("actor").related_model
    # Only quoted names from the models' metadata; the user's id is a parameter.
    return (
        f"SELECT {column(Initiative, 'id')} FROM {quote(Initiative._meta.db_table)} "  # noqa: S608
        f"WHERE {column(Initiative, 'created_by')} = %s "
        f"UNION SELECT {column(TeamMember, 'initiative')} FROM {quote(TeamMember._meta.db_table)} "
        f"INNER JOIN {quote(actor._meta.db_table)} "
        f"ON {column(actor, 'id')} = {column(TeamMember, 'actor')} "
        f"WHERE {column(actor, 'user')} = %s AND {column(TeamMember, 'left_at')} IS NULL"
    )


def initiative_ids_on_team_now(*, user: AnyUser) -> list[int]:
    """The ids of the initiatives whose team the user is on now (the initiator or a current
    member; as `initiative_ids_on_team`), read at once in one small query with its SQL built
    once: for the personal page, which lists them in two places."""
    if not user.is_authenticated:
        return []
    alias = router.db_for_read(Initiative)
    with connections[alias].cursor() as cursor:
        cursor.execute(_team_ids_sql(alias), [user.pk, user.pk])
        return sorted(row[0] for row in cursor.fetchall())


def event_counts_by_municipality(*, kind: str) -> dict[int, int]:
    """How many events of this kind the public initiatives of each municipality have (for the
    figures of the apps that own the kind)."""
    return dict(
        TimelineEvent.objects.filter(kind=kind, initiative__is_hidden=False)
        .values_list("initiative__municipality_id")
        .annotate(n=Count("id"))
        .order_by()
    )


# --- team news ----------------------------------------------------------------------------


def _news_visible(user: AnyUser) -> Q:
    """Hidden news stays visible to its author, the initiative's team and the municipality's
    staff; everything on a hidden initiative follows the initiative."""
    condition = Q(is_hidden=False)
    if user.is_authenticated:
        condition |= Q(author=user) | Q(initiative__in=initiative_ids_on_team(user=user))
        staff_of = [m for m, roles in user_roles(user=user).items() if roles & STAFF_ROLES]
        if staff_of:
            condition |= Q(initiative__municipality_id__in=staff_of)
    return condition


def initiative_news(*, user: AnyUser, initiative: Initiative) -> list[NewsItem]:
    """An initiative's team news as this user may see it, newest first."""
    return list(
        NewsItem.objects.filter(_news_visible(user), initiative=initiative)
        .select_related("author")
        .order_by("-created_at", "-id")
    )


def news_scope(*, user: AnyUser, initiative: Initiative) -> str:
    """What of an initiative's hidden team news this person sees, and which of it is their
    own, as a short key for caches of what many people see alike: "" when they see what every
    visitor sees. No query for a visitor; for a signed-in person one small query on the
    initiative's hidden news (the same rule as `_news_visible`, for this initiative)."""
    if not user.is_authenticated:
        return ""
    hidden = list(
        NewsItem.objects.filter(initiative=initiative, is_hidden=True)
        .order_by("pk")
        .values_list("pk", "author_id")
    )
    if not hidden:
        return ""
    sees_all = initiative_is_team_member(user=user, initiative=initiative) or bool(
        user_roles(user=user).get(initiative.municipality_id, set()) & STAFF_ROLES
    )
    seen = [(pk, author == user.pk) for pk, author in hidden if sees_all or author == user.pk]
    if not seen:
        return ""
    return "news:" + hashlib.sha256(repr(seen).encode()).hexdigest()[:32]


def access_news(*, user: AnyUser, news_id: int) -> NewsItem:
    """One piece of team news: 404 when unknown, or hidden to this user (itself or its
    initiative)."""
    try:
        item = (
            NewsItem.objects.filter(_news_visible(user))
            .select_related("initiative", "author")
            .get(pk=news_id)
        )
    except (NewsItem.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such news.") from None
    access_initiative(user=user, initiative_id=item.initiative_id)
    return item


def news_search(*, user: AnyUser, query: str) -> QuerySet[NewsItem]:
    """Team news matching the query, as this user may see it (on initiatives they may see)."""
    qs = NewsItem.objects.filter(
        _news_visible(user),
        initiative__in=Initiative.objects.filter(_visible(user)).values("pk"),
    ).select_related("initiative")
    for word in query.split()[:8]:
        qs = qs.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return qs.order_by("-created_at", "-id")
