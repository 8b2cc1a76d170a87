"""The team's API: invitations (the team invites by e-mail address, the addressee answers)
and leaving. The same services as the team's pages; see `team.py` for the rules."""

from typing import Annotated

from django.http import Http404
from ninja import Field, Path, Router, Schema
from ninja.responses import Status as Reply

from spontaan.core.api_auth import write_auth
from spontaan.core.api_schemas import ERRORS_WRITE, MAX_ID, InputSchema, Text

from . import team
from .api_schemas import InitiativeId
from .models import TeamInvitation
from .rules import TEAM
from .selectors import (
    access_initiative,
    access_pending_invitation,
    access_team_invitation,
    access_team_term,
    initiative_roles,
    team_invitations_for,
    team_invitations_pending,
)

InvitationId = Annotated[
    int, Path(ge=1, le=MAX_ID, alias="invitation_id", description="The invitation's id.")
]
MemberId = Annotated[
    int, Path(ge=1, le=MAX_ID, alias="member_id", description="The team term's id.")
]


class TeamInvitationIn(InputSchema):
    email: Text = Field(..., max_length=254, description="The person's e-mail address.")
    role: Text = Field("", max_length=80, description="Their role in the team.")


class InvitationAnswerIn(InputSchema):
    accept: bool = Field(..., description="true to join the team, false to decline.")


class TeamInvitationOut(Schema):
    """An invitation as its addressee sees it (no e-mail address: it is their own)."""

    id: int
    initiative_id: int
    initiative_title: str
    role: str
    status: str
    created_at: str


class SentInvitationOut(Schema):
    """An invitation as the team sees it: the address it typed, and whether it was answered.
    Whether the address has an account is never said."""

    id: int
    email: str
    role: str
    status: str
    created_at: str


def _received(invitation: TeamInvitation) -> dict:
    return {
        "id": invitation.pk,
        "initiative_id": invitation.initiative_id,
        "initiative_title": invitation.initiative.title,
        "role": invitation.role,
        "status": invitation.status,
        "created_at": invitation.created_at.isoformat(),
    }


def _sent(invitation: TeamInvitation) -> dict:
    return {
        "id": invitation.pk,
        "email": invitation.email,
        "role": invitation.role,
        "status": invitation.status,
        "created_at": invitation.created_at.isoformat(),
    }


team_router = Router(tags=["team"])


def _team_initiative(request, initiative_id: int):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    if TEAM not in initiative_roles(user=request.user, initiative=initiative):
        raise Http404("No such team.")
    return initiative


@team_router.get(
    "/{initiative_id}/team/invitations",
    response={200: list[SentInvitationOut], **ERRORS_WRITE},
    auth=write_auth,
    summary="The team's invitations that wait for an answer (team only)",
)
def list_sent_invitations(request, initiative_id: InitiativeId):
    initiative = _team_initiative(request, initiative_id)
    return [_sent(i) for i in team_invitations_pending(initiative=initiative)]


@team_router.post(
    "/{initiative_id}/team/invitations",
    response={201: SentInvitationOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Invite a person to the team by e-mail address (team only)",
    description=(
        "The person joins once they accept. The answer is the same whether or not the "
        "address has an account."
    ),
)
def invite(request, initiative_id: InitiativeId, payload: TeamInvitationIn):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    invitation = team.team_invite(
        user=request.user, initiative=initiative, email=payload.email, role=payload.role
    )
    return Reply(201, _sent(invitation))


@team_router.delete(
    "/{initiative_id}/team/invitations/{invitation_id}",
    response={204: None, **ERRORS_WRITE},
    auth=write_auth,
    summary="Withdraw an invitation that has not been answered (team only)",
)
def withdraw(request, initiative_id: InitiativeId, invitation_id: InvitationId):
    initiative = _team_initiative(request, initiative_id)
    invitation = access_pending_invitation(initiative=initiative, invitation_id=invitation_id)
    team.team_invitation_withdraw(user=request.user, invitation=invitation)
    return Reply(204, None)


@team_router.delete(
    "/{initiative_id}/team/members/{member_id}",
    response={204: None, **ERRORS_WRITE},
    auth=write_auth,
    summary="Remove a member from the team, or leave it yourself (team only)",
    description="The team's history is kept: the member's term ends.",
)
def remove_member(request, initiative_id: InitiativeId, member_id: MemberId):
    initiative = _team_initiative(request, initiative_id)
    member = access_team_term(initiative=initiative, member_id=member_id)
    team.team_member_remove(user=request.user, member=member)
    return Reply(204, None)


invitations_router = Router(tags=["team"])


@invitations_router.get(
    "",
    response={200: list[TeamInvitationOut], **ERRORS_WRITE},
    auth=write_auth,
    summary="The invitations waiting for you",
)
def list_my_invitations(request):
    return [_received(i) for i in team_invitations_for(user=request.user)]


@invitations_router.post(
    "/{invitation_id}/answer",
    response={200: TeamInvitationOut, **ERRORS_WRITE},
    auth=write_auth,
    summary="Accept or decline an invitation addressed to you",
)
def answer(request, invitation_id: InvitationId, payload: InvitationAnswerIn):
    invitation = access_team_invitation(user=request.user, invitation_id=invitation_id)
    team.team_invitation_answer(user=request.user, invitation=invitation, accept=payload.accept)
    invitation.refresh_from_db()
    return _received(invitation)
