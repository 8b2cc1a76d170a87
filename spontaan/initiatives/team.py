"""Writes of an initiative's team: invitations, organisations, leaving.

Nobody is put on a team without saying yes. A team invites a person by e-mail address; the
person with an account at that address accepts or declines. The team is never told whether
an account exists (the answer is the same either way), so the form cannot be used to find out
who has an account. Organisations are added by name, but the municipality and the province
cannot be claimed: they take part through their own staff.

Leaving ends a term of membership without deleting it: the team's history is kept, and the
tender's conflict-of-interest rule counts everyone who was ever on the team.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spontaan.accounts.models import User
from spontaan.accounts.selectors import user_by_email
from spontaan.actors.models import Actor, ActorKind
from spontaan.actors.selectors import OFFICIAL_KINDS, official_actor_names
from spontaan.actors.services import actor_for_organisation, actor_for_user
from spontaan.core import validation
from spontaan.core.ratelimit import ratelimit_exceeded, ratelimit_hit
from spontaan.notifications.services import notify

from .effects import record_event, require_login, require_team, touch_initiative
from .kinds import EventKey, NoticeKey
from .models import (
    Follow,
    Initiative,
    InvitationStatus,
    TeamInvitation,
    TeamMember,
)

INVITATION_BUCKET = "team-invitation"
INVITATIONS_PER_DAY = 30


def _team_event(initiative: Initiative, user: User, actor_id: int, change: str) -> None:
    """The timeline says who joined or left by the actor's id, never a copy of the name: the
    name is looked up when shown, so a renamed or deleted account shows as it is now."""
    record_event(initiative, EventKey.TEAM, user, data={"actor": actor_id, "change": change})


@transaction.atomic
def team_invite(
    *, user: User, initiative: Initiative, email: str, role: str = ""
) -> TeamInvitation:
    """Ask the person with this e-mail address to join the team."""
    require_login(user)
    require_team(user, initiative)
    email = (email or "").strip().lower()
    with validation.collect() as check:
        role = check.text("role", role, model=TeamMember, label=_("Role"))
        try:
            validate_email(email)
        except ValidationError:
            check.add("email", _("Enter a valid e-mail address."))
        else:
            if TeamInvitation.objects.filter(
                initiative=initiative, email=email, status=InvitationStatus.PENDING
            ).exists():
                check.add("email", _("This address has been invited already."))
            elif email == user.email:
                check.add("email", _("You are on the team already."))
    if ratelimit_exceeded(
        bucket=INVITATION_BUCKET,
        key=str(user.pk),
        limit=INVITATIONS_PER_DAY,
        window_seconds=24 * 60 * 60,
    ):
        raise ValidationError(
            {"email": _("You have sent many invitations today. Please try again tomorrow.")}
        )
    ratelimit_hit(bucket=INVITATION_BUCKET, key=str(user.pk))
    invitation = TeamInvitation.objects.create(
        initiative=initiative, email=email, role=role, invited_by=user
    )
    touch_initiative(initiative, lists=False)
    invitee = user_by_email(email=email)
    if invitee is not None:
        notify(
            user_ids=[invitee.pk],
            kind=NoticeKey.TEAM_INVITATION,
            title=initiative.title,
            url=reverse("initiatives:invitations"),
            exclude_user_id=user.pk,
        )
    return invitation


def _lock_pending(invitation: TeamInvitation) -> TeamInvitation:
    invitation = (
        TeamInvitation.objects.select_for_update()
        .select_related("initiative")
        .get(pk=invitation.pk)
    )
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(
            {"invitation": _("This invitation has been answered or withdrawn already.")}
        )
    return invitation


@transaction.atomic
def team_invitation_answer(*, user: User, invitation: TeamInvitation, accept: bool) -> None:
    """The addressee accepts (and joins the team) or declines."""
    require_login(user)
    invitation = _lock_pending(invitation)
    if invitation.email.lower() != (user.email or "").lower():
        raise PermissionDenied(_("This invitation is addressed to someone else."))
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    if not accept:
        return
    initiative = invitation.initiative
    actor = actor_for_user(user=user)
    if TeamMember.objects.filter(initiative=initiative, actor=actor, left_at__isnull=True).exists():
        return  # on the team already (the initiator, or a second invitation)
    TeamMember.objects.create(initiative=initiative, actor=actor, role=invitation.role)
    _team_event(initiative, user, actor.pk, "joined")
    Follow.objects.get_or_create(initiative=initiative, user=user)


@transaction.atomic
def team_invitation_withdraw(*, user: User, invitation: TeamInvitation) -> None:
    """The team takes back an invitation that has not been answered."""
    require_login(user)
    require_team(user, invitation.initiative)
    invitation = _lock_pending(invitation)
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    touch_initiative(invitation.initiative, lists=False)


@transaction.atomic
def team_organisation_add(
    *, user: User, initiative: Initiative, name: str, kind: str, role: str = ""
) -> TeamMember:
    """Add an organisation by name (an organisation has no account to ask)."""
    require_login(user)
    require_team(user, initiative)
    with validation.collect() as check:
        role = check.text("role", role, model=TeamMember, label=_("Role"))
        name = check.text("name", name, model=Actor, label=_("Name"), required=True)
        if kind in OFFICIAL_KINDS:
            check.add(
                "kind",
                _(
                    "The municipality and the province take part through their own staff; "
                    "they cannot be added to a team."
                ),
            )
        elif kind not in ActorKind.values:
            check.add("kind", _("Choose what kind of party this is."))
        if name and name.casefold() in official_actor_names():
            check.add(
                "name", _("This is the name of a public body; use your organisation's own name.")
            )
    actor = actor_for_organisation(name=name, kind=kind, municipality=initiative.municipality)
    if TeamMember.objects.filter(initiative=initiative, actor=actor, left_at__isnull=True).exists():
        raise ValidationError({"name": _("Already in the team.")})
    member = TeamMember.objects.create(initiative=initiative, actor=actor, role=role)
    _team_event(initiative, user, actor.pk, "joined")
    return member


@transaction.atomic
def team_member_remove(*, user: User, member: TeamMember) -> None:
    """End a term on the team (a member may also leave themselves). The row stays."""
    initiative = member.initiative
    require_login(user)
    require_team(user, initiative)
    if member.left_at is not None:
        raise ValidationError({"member": _("This person has left the team already.")})
    if member.actor.user_id == initiative.created_by_id:
        raise ValidationError({"member": _("The initiator cannot be removed from the team.")})
    TeamMember.objects.filter(pk=member.pk).update(left_at=timezone.now())
    _team_event(initiative, user, member.actor_id, "left")
