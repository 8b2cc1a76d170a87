"""What the tender adds to other apps' pages (registered in `AppConfig.ready()`)."""

from django.http import HttpRequest

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import user_roles
from spontaan.core.registry import register_all
from spontaan.core.sections import INITIATIVE_PAGE, PERSONAL_PAGE, PageSection, page_sections
from spontaan.initiatives.models import Initiative
from spontaan.initiatives.selectors import initiative_is_team_member

from .applications.selectors import applications_for_initiative, review_queue, user_applications
from .profiles.sections import SECTIONS as PROFILE_SECTIONS
from .rules import OPEN_STATUSES
from .schemes.selectors import open_schemes_for


def initiative_grants(request: HttpRequest, initiative: Initiative) -> dict | None:
    """The initiative's applications, and for its team the open schemes to apply to."""
    user = request.user
    applications = applications_for_initiative(user=user, initiative=initiative)
    team = initiative_is_team_member(user=user, initiative=initiative)
    open_schemes = open_schemes_for(initiative=initiative) if team else []
    if not applications and not open_schemes:
        return None
    return {
        "initiative": initiative,
        "applications": applications,
        "open_schemes": open_schemes,
        "open_applications": {a.scheme_id: a for a in applications if a.status in OPEN_STATUSES},
    }


def initiative_grants_shared(request: HttpRequest, initiative: Initiative) -> tuple | None:
    """The section is the same for the whole team (every application, the schemes to apply
    to), for the municipality's connectors and programme managers (all but drafts), and for
    everyone else who assesses for no panel (the decided ones; `applications_for_initiative`).
    A reviewer sees what their panel assesses: their own."""
    user = request.user
    if initiative_is_team_member(user=user, initiative=initiative):
        return ("team",)
    roles = user_roles(user=user)
    if any(Role.REVIEWER in held for held in roles.values()):
        return None
    if roles.get(initiative.municipality_id, set()) & {Role.CONNECTOR, Role.PROGRAMME_MANAGER}:
        return ("staff",)
    return ("decided",)


def personal_applications(request: HttpRequest, user) -> dict | None:
    """Someone on an initiative's team sees its grant applications on their own page."""
    applications = list(user_applications(user=user)[:5])
    if not applications:
        return None
    return {"applications": applications}


TO_SCORE_FIRST = 5


def personal_to_score(request: HttpRequest, user) -> dict | None:
    """For panel members: the applications that wait for their score, oldest first."""
    if not any(Role.REVIEWER in held for held in user_roles(user=user).values()):
        return None
    waiting = review_queue(user=user).waiting
    return {"waiting": waiting[:TO_SCORE_FIRST], "total": len(waiting)}


SECTIONS = [
    PageSection(
        key="tender.grants",
        page=INITIATIVE_PAGE,
        template="tender/_initiative_grants.html",
        context=initiative_grants,
        order=40,
        shared=initiative_grants_shared,
    ),
    PageSection(
        key="tender.my_applications",
        page=PERSONAL_PAGE,
        template="tender/_personal_applications.html",
        context=personal_applications,
        order=20,
    ),
    PageSection(
        key="tender.to_score",
        page=PERSONAL_PAGE,
        template="tender/_personal_to_score.html",
        context=personal_to_score,
        order=6,
    ),
]


def register() -> None:
    register_all((page_sections, SECTIONS + PROFILE_SECTIONS))
