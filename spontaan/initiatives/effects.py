"""What many writes of initiatives do: check who acts, put an event on the timeline, tell the
people involved, stop the initiative's answer clock. Used by the services of this app only."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from spontaan.accounts.models import Role, User
from spontaan.accounts.selectors import require_verified_user, users_with_role
from spontaan.clock.services import clock_answer
from spontaan.core.pagecache import area, touch
from spontaan.notifications.services import notify

from . import rules
from .kinds import ClockKey
from .models import Initiative, TimelineEvent
from .selectors import (
    initiative_follower_ids,
    initiative_roles,
    initiative_team_user_ids,
    user_is_municipal_staff_for,
)

require_login = require_verified_user


def require_team(user: User, initiative: Initiative) -> None:
    if rules.TEAM not in initiative_roles(user=user, initiative=initiative):
        raise PermissionDenied(_("Only the initiative's team may do this."))


def require_staff(user: User, initiative: Initiative) -> None:
    if not user_is_municipal_staff_for(user=user, initiative=initiative):
        raise PermissionDenied(
            _("Only a connector of %(municipality)s may do this.")
            % {"municipality": initiative.municipality.name}
        )


def touch_initiative(initiative: Initiative, *, lists: bool = True) -> None:
    """The initiative's public content changed: once the transaction commits, its cached page
    is stale, and with `lists` also every list that shows it (the initiatives list and map,
    the home page, its municipality's pages)."""
    areas = [area("initiative", initiative.pk)]
    if lists:
        areas += ["initiatives", area("municipality", initiative.municipality.slug)]
    touch(*areas)


def record_event(
    initiative: Initiative,
    kind: str,
    user: User | None,
    *,
    text: str = "",
    data: dict | None = None,
    municipal: bool = False,
) -> TimelineEvent:
    touch_initiative(initiative)
    return TimelineEvent.objects.create(
        initiative=initiative,
        kind=kind,
        user=user,
        text=text,
        data=data or {},
        on_behalf_of_municipality=municipal,
    )


def staff_user_ids(municipality_id: int) -> list[int]:
    return users_with_role(
        municipality_id=municipality_id, roles={Role.CONNECTOR, Role.PROGRAMME_MANAGER}
    )


def _notify_about(
    initiative: Initiative, user_ids, kind: str, *, actor: User | None, data: dict | None
) -> None:
    notify(
        user_ids=user_ids,
        kind=kind,
        title=initiative.title,
        url=initiative.get_absolute_url(),
        data=data,
        exclude_user_id=actor.pk if actor else None,
    )


def notify_people(
    initiative: Initiative, kind: str, *, actor: User | None, data: dict | None = None
) -> None:
    ids = set(initiative_follower_ids(initiative=initiative))
    ids.update(initiative_team_user_ids(initiative=initiative))
    _notify_about(initiative, ids, kind, actor=actor, data=data)


def notify_staff(initiative: Initiative, kind: str, *, actor: User, data=None) -> None:
    ids = staff_user_ids(initiative.municipality_id)
    _notify_about(initiative, ids, kind, actor=actor, data=data)


def answer_initiative_clock(initiative: Initiative, user: User) -> None:
    clock_answer(kind=ClockKey.INITIATIVE, subject_id=initiative.pk, user=user)
