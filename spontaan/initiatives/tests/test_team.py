"""The team: nobody joins without saying yes, the form does not tell who has an account,
public bodies cannot be claimed, and leaving keeps the history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from spontaan.actors.models import Actor, ActorKind
from spontaan.initiatives import services, team
from spontaan.initiatives.models import InvitationStatus, TeamInvitation, TeamMember
from spontaan.initiatives.selectors import (
    initiative_ever_team_user_ids,
    initiative_ids_on_team,
    initiative_ids_on_team_now,
    initiative_is_team_member,
    initiative_timeline,
    initiative_was_team_member,
    initiatives_on_team_first,
    team_invitation_count,
    team_invitations_for,
    with_team_names,
)
from spontaan.initiatives.tests.factories import join_team
from spontaan.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_an_invited_person_is_not_on_the_team_until_they_accept(
    initiative, resident, other_resident
):
    invitation = team.team_invite(
        user=resident, initiative=initiative, email=other_resident.email, role="penningmeester"
    )
    assert not initiative_is_team_member(user=other_resident, initiative=initiative)
    assert not initiative_was_team_member(user=other_resident, initiative=initiative)
    assert Notification.objects.filter(user=other_resident, kind="team_invitation").exists()

    team.team_invitation_answer(user=other_resident, invitation=invitation, accept=True)

    other_resident.__dict__.pop(f"_team_{initiative.pk}", None)
    assert initiative_is_team_member(user=other_resident, initiative=initiative)
    assert TeamMember.objects.get(actor__user=other_resident).role == "penningmeester"
    # the new member may now edit
    services.initiative_update(
        user=other_resident, initiative=initiative, data={"summary": "Nu met z'n tweeën."}
    )


def test_a_declined_invitation_puts_nobody_on_the_team(initiative, resident, programme_manager):
    invitation = team.team_invite(
        user=resident, initiative=initiative, email=programme_manager.email
    )
    team.team_invitation_answer(user=programme_manager, invitation=invitation, accept=False)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert not initiative_was_team_member(user=programme_manager, initiative=initiative)
    with pytest.raises(ValidationError):
        team.team_invitation_answer(user=programme_manager, invitation=invitation, accept=True)


def test_only_the_addressee_can_accept_an_invitation(initiative, resident, other_resident):
    invitation = team.team_invite(user=resident, initiative=initiative, email="iemand@example.org")
    with pytest.raises(PermissionDenied):
        team.team_invitation_answer(user=other_resident, invitation=invitation, accept=True)
    assert not initiative_was_team_member(user=other_resident, initiative=initiative)


def test_inviting_says_the_same_whether_or_not_the_address_has_an_account(
    client, initiative, resident, other_resident
):
    """Finding 3: the form answered "there is no account with this e-mail address"."""
    client.force_login(resident)
    url = reverse("initiatives:team_add", args=[initiative.pk])
    answers = []
    for email in (other_resident.email, "niemand-hier@example.org"):
        response = client.post(url, {"team-email": email}, follow=True)
        assert response.status_code == 200
        answers.append([str(m) for m in response.context["messages"]])
    assert answers[0] == answers[1]
    assert TeamInvitation.objects.filter(initiative=initiative).count() == 2


def test_the_municipal_actor_cannot_be_claimed_by_a_team(initiative, resident, municipality):
    """Finding 3: `team-kind=municipal` with "Gemeente Oldenzaal" reused the official actor."""
    official = Actor.objects.create(
        name=f"Gemeente {municipality.name}",
        kind=ActorKind.MUNICIPAL,
        is_organisation=True,
        municipality=municipality,
    )
    with pytest.raises(ValidationError) as exc:
        team.team_organisation_add(
            user=resident, initiative=initiative, name=official.name, kind=ActorKind.MUNICIPAL
        )
    assert "kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        team.team_organisation_add(
            user=resident, initiative=initiative, name=official.name.upper(), kind="entrepreneur"
        )
    assert "name" in exc.value.message_dict
    assert not TeamMember.objects.filter(actor=official).exists()


def test_organisations_are_added_by_name(initiative, resident):
    member = team.team_organisation_add(
        user=resident,
        initiative=initiative,
        name="Woningcorporatie Welbions",
        kind="housing_corporation",
    )
    assert member.actor.is_organisation
    with pytest.raises(ValidationError):
        team.team_organisation_add(
            user=resident,
            initiative=initiative,
            name="Woningcorporatie Welbions",
            kind="housing_corporation",
        )


def test_leaving_keeps_the_history_and_coming_back_starts_a_new_term(
    initiative, resident, other_resident
):
    join_team(inviter=resident, initiative=initiative, person=other_resident)
    member = TeamMember.objects.get(actor__user=other_resident)
    team.team_member_remove(user=other_resident, member=member)  # leaves on their own
    other_resident.__dict__.pop(f"_team_{initiative.pk}", None)
    assert not initiative_is_team_member(user=other_resident, initiative=initiative)
    assert initiative_was_team_member(user=other_resident, initiative=initiative)
    assert other_resident.pk in initiative_ever_team_user_ids(initiative=initiative)

    join_team(inviter=resident, initiative=initiative, person=other_resident)
    assert TeamMember.objects.filter(actor__user=other_resident).count() == 2
    events = with_team_names(list(initiative_timeline(initiative=initiative)))
    names = [e.data for e in events if e.kind == "team"]
    who = other_resident.display_name
    assert names == [{"added": who}, {"removed": who}, {"added": who}]


def test_nobody_outside_the_team_invites(initiative, other_resident):
    with pytest.raises(PermissionDenied):
        team.team_invite(user=other_resident, initiative=initiative, email="x@example.org")


def test_the_invited_person_accepts_on_their_invitations_page(
    client, initiative, resident, other_resident
):
    invitation = team.team_invite(user=resident, initiative=initiative, email=other_resident.email)
    client.force_login(other_resident)
    page = client.get(reverse("initiatives:invitations"))
    assert initiative.title in page.content.decode()
    response = client.post(
        reverse("initiatives:invitation_answer", args=[invitation.pk]), {"answer": "accept"}
    )
    assert response.status_code == 302 and response.url == initiative.get_absolute_url()
    assert TeamMember.objects.filter(actor__user=other_resident, left_at__isnull=True).exists()
    # someone else cannot even see it
    client.force_login(resident)
    assert (
        client.post(
            reverse("initiatives:invitation_answer", args=[invitation.pk]), {"answer": "accept"}
        ).status_code
        == 404
    )


def test_the_team_api_invites_and_the_addressee_answers(initiative, resident, other_resident):
    from tests.api import api, send

    base = f"/api/v1/initiatives/{initiative.pk}/team"
    made = [
        send(api(resident), "post", f"{base}/invitations", {"email": email, "role": "kas"})
        for email in (other_resident.email, "niemand-hier@example.org")
    ]
    assert [r.status_code for r in made] == [201, 201]
    shapes = [
        {k: v for k, v in r.json().items() if k not in {"id", "email", "created_at"}} for r in made
    ]
    assert shapes[0] == shapes[1] == {"role": "kas", "status": "pending"}
    # outsiders neither list nor invite
    assert api(other_resident).get(f"{base}/invitations").status_code == 404
    assert (
        send(api(other_resident), "post", f"{base}/invitations", {"email": "a@b.nl"}).status_code
        == 403
    )

    mine = api(other_resident).get("/api/v1/team-invitations").json()
    assert [m["initiative_id"] for m in mine] == [initiative.pk]
    answered = send(
        api(other_resident),
        "post",
        f"/api/v1/team-invitations/{mine[0]['id']}/answer",
        {"accept": True},
    )
    assert answered.status_code == 200 and answered.json()["status"] == "accepted"
    team_list = api().get(f"/api/v1/initiatives/{initiative.pk}").json()["team"]
    [term] = [m for m in team_list if m["name"] == other_resident.display_name]
    left = api(other_resident).delete(f"{base}/members/{term['id']}")
    assert left.status_code == 204
    assert TeamMember.objects.filter(actor__user=other_resident, left_at__isnull=False).exists()


def test_the_team_ids_read_at_once_match_the_subquery_through_joining_and_leaving(
    initiative, resident, other_resident, connector
):
    def both(user):
        now = initiative_ids_on_team_now(user=user)
        assert now == sorted(initiative_ids_on_team(user=user).values_list("pk", flat=True))
        return now

    assert both(resident) == [initiative.pk]  # the initiator
    assert both(other_resident) == [] and both(connector) == []
    join_team(inviter=resident, initiative=initiative, person=other_resident)
    assert both(other_resident) == [initiative.pk]
    team.team_member_remove(
        user=other_resident, member=TeamMember.objects.get(actor__user=other_resident)
    )
    assert both(other_resident) == []
    assert initiatives_on_team_first(user=other_resident, limit=5) == ([], 0)
    shown, total = initiatives_on_team_first(user=resident, limit=5)
    assert [i.pk for i in shown] == [initiative.pk] and total == 1


def test_the_personal_page_counts_the_invitations_waiting_for_the_person(
    client, initiative, resident, other_resident, municipality
):
    second = services.initiative_create(
        user=resident,
        municipality=municipality,
        title="Bankjes",
        summary="Zitten.",
        category="public_space",
    )
    client.force_login(other_resident)
    assert "uitgenodigd" not in client.get("/mijn-spontaan/").text
    team.team_invite(user=resident, initiative=initiative, email=other_resident.email.upper())
    assert "Je bent uitgenodigd voor een team." in client.get("/mijn-spontaan/").text
    invitation = team.team_invite(user=resident, initiative=second, email=other_resident.email)
    assert "Je bent uitgenodigd voor 2 teams." in client.get("/mijn-spontaan/").text
    assert team_invitation_count(user=other_resident) == len(
        team_invitations_for(user=other_resident)
    )
    team.team_invitation_answer(user=other_resident, invitation=invitation, accept=False)
    assert "Je bent uitgenodigd voor een team." in client.get("/mijn-spontaan/").text
