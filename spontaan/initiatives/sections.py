"""What initiatives add to other pages and to the figures (registered in `AppConfig.ready()`)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import user_has_role
from spontaan.core.figures import COUNT, Figure, figures
from spontaan.core.registry import register_all
from spontaan.core.sections import (
    HOME_PAGE,
    INITIATIVE_PAGE,
    MUNICIPALITY_PAGE,
    PERSONAL_PAGE,
    PageSection,
    page_sections,
)
from spontaan.places.models import Municipality

from .personal import followed_initiatives, my_initiatives
from .selectors import (
    InitiativeFilters,
    initiative_counts_by_municipality,
    initiative_list,
    initiative_news,
    news_scope,
    team_invitation_count,
    visibility_scope,
)

LATEST = 6
MINE = 10
FOLLOWED = 8


def home_latest(request: HttpRequest, _subject: None) -> dict:
    return {"latest": initiative_list(user=request.user, filters=InitiativeFilters())[:LATEST]}


def municipality_latest(request: HttpRequest, municipality: Municipality) -> dict:
    filters = InitiativeFilters(municipality=municipality.slug)
    return {
        "municipality": municipality,
        "latest": initiative_list(user=request.user, filters=filters)[:LATEST],
    }


def personal_initiatives(request: HttpRequest, user) -> dict:
    mine, total = my_initiatives(user=user, limit=MINE)
    return {
        "mine": mine,
        "more": total - len(mine),
        "invitations": team_invitation_count(user=user),
    }


def personal_following(request: HttpRequest, user) -> dict:
    followed, total = followed_initiatives(user=user, limit=FOLLOWED)
    return {"followed": followed, "more": total - len(followed)}


def initiative_news_section(request: HttpRequest, initiative) -> dict:
    news = initiative_news(user=request.user, initiative=initiative)
    for item in news:
        item.is_own = request.user.is_authenticated and item.author_id == request.user.pk
    return {"news": news, "is_moderator": _is_moderator(request, initiative)}


def initiative_news_shared(request: HttpRequest, initiative) -> tuple:
    """The news section is the same for everyone with the same sign-in state, moderator role
    and view of the hidden news."""
    user = request.user
    return (
        user.is_authenticated,
        _is_moderator(request, initiative),
        news_scope(user=user, initiative=initiative),
    )


def latest_shared(request: HttpRequest, _subject) -> tuple:
    """The latest initiatives are the same for everyone who sees the same hidden ones."""
    return (visibility_scope(user=request.user),)


def _is_moderator(request: HttpRequest, initiative) -> bool:
    return user_has_role(
        user=request.user, municipality_id=initiative.municipality_id, role=Role.MODERATOR
    )


SECTIONS = [
    PageSection(
        "initiatives.news",
        INITIATIVE_PAGE,
        "initiatives/_news.html",
        initiative_news_section,
        order=5,
        shared=initiative_news_shared,
    ),
    PageSection(
        "initiatives.latest",
        HOME_PAGE,
        "initiatives/_home_latest.html",
        home_latest,
        order=10,
        shared=latest_shared,
    ),
    PageSection(
        "initiatives.municipality_latest",
        MUNICIPALITY_PAGE,
        "initiatives/_municipality_latest.html",
        municipality_latest,
        order=10,
        shared=latest_shared,
    ),
    PageSection(
        "initiatives.mine",
        PERSONAL_PAGE,
        "initiatives/_personal_initiatives.html",
        personal_initiatives,
        order=10,
    ),
    PageSection(
        "initiatives.following",
        PERSONAL_PAGE,
        "initiatives/_personal_following.html",
        personal_following,
        order=30,
        slot="aside",
    ),
]

FIGURES = [
    Figure(
        key="initiatives.count",
        label=_("initiatives"),
        definition=_("Initiatives in the municipality that the public can see."),
        unit=COUNT,
        by_municipality=initiative_counts_by_municipality,
        order=10,
        on_overview=True,
    ),
]


def register() -> None:
    register_all((page_sections, SECTIONS), (figures, FIGURES))
