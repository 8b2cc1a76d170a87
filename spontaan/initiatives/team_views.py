"""Pages and actions of an initiative's team: invite, add an organisation, withdraw an
invitation, remove or leave, and the invited person's answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spontaan.core.forms import act_on_form

from . import team
from .forms import TeamMemberForm
from .selectors import (
    access_initiative,
    access_pending_invitation,
    access_team_invitation,
    access_team_term,
    team_invitations_for,
)
from .views import _render_detail


@login_required
@require_POST
def team_add(request, pk):
    """Invite a person by e-mail address, or add an organisation by name."""
    initiative = access_initiative(user=request.user, initiative_id=pk)
    form = TeamMemberForm(request.POST, prefix="team")

    def act(data):
        if data["email"]:
            team.team_invite(
                user=request.user, initiative=initiative, email=data["email"], role=data["role"]
            )
            # The same words whether or not the address has an account.
            messages.success(
                request,
                _(
                    "The invitation is ready. Whoever has an account with this address sees it "
                    "on their invitations page and joins the team by accepting it."
                ),
            )
        else:
            team.team_organisation_add(
                user=request.user,
                initiative=initiative,
                name=data["name"],
                kind=data["kind"],
                role=data["role"],
            )
            messages.success(request, _("The team has been updated."))
        return redirect(initiative)

    return act_on_form(form, act) or _render_detail(
        request, initiative, forms={"team": form}, status=400
    )


def _done(request, initiative, action, success):
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(initiative)


@login_required
@require_POST
def team_remove(request, pk, member_id):
    initiative = access_initiative(user=request.user, initiative_id=pk)
    member = access_team_term(initiative=initiative, member_id=member_id)
    leaving = member.actor.user_id == request.user.pk
    return _done(
        request,
        initiative,
        lambda: team.team_member_remove(user=request.user, member=member),
        _("You have left the team.") if leaving else _("The team has been updated."),
    )


@login_required
@require_POST
def invitation_withdraw(request, pk, invitation_id):
    initiative = access_initiative(user=request.user, initiative_id=pk)
    invitation = access_pending_invitation(initiative=initiative, invitation_id=invitation_id)
    return _done(
        request,
        initiative,
        lambda: team.team_invitation_withdraw(user=request.user, invitation=invitation),
        _("The invitation has been withdrawn."),
    )


@login_required
def invitations(request):
    """The invitations waiting for the signed-in person, to accept or decline."""
    return render(
        request,
        "initiatives/invitations.html",
        {"invitations": team_invitations_for(user=request.user)},
    )


@login_required
@require_POST
def invitation_answer(request, invitation_id):
    invitation = access_team_invitation(user=request.user, invitation_id=invitation_id)
    accept = request.POST.get("answer") == "accept"
    try:
        team.team_invitation_answer(user=request.user, invitation=invitation, accept=accept)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("initiatives:invitations")
    if accept:
        messages.success(request, _("Welcome to the team."))
        return redirect(invitation.initiative)
    messages.success(request, _("You have declined the invitation."))
    return redirect("initiatives:invitations")
