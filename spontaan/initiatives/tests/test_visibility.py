"""One rule for who sees a hidden initiative, read two ways: `access_initiative` checks it on
one row, the lists filter with it (`_visible`); both must agree for everyone."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from spontaan.accounts.models import Role, RoleGrant
from spontaan.accounts.tests.factories import UserFactory
from spontaan.initiatives.models import Initiative, TeamMember
from spontaan.initiatives.selectors import _visible, access_initiative, visibility_scope
from spontaan.initiatives.team import team_member_remove
from spontaan.initiatives.tests.factories import InitiativeFactory, join_team

pytestmark = pytest.mark.django_db


def _sees(user, initiative) -> bool:
    try:
        access_initiative(user=user, initiative_id=initiative.pk)
    except Http404:
        return False
    return True


def test_access_and_the_lists_agree_on_who_sees_a_hidden_initiative(
    municipality, other_municipality, resident, other_resident
):
    hidden = InitiativeFactory(municipality=municipality, created_by=resident, hidden=True)
    shown = InitiativeFactory(municipality=municipality, created_by=resident)
    member, former, stranger = UserFactory(), UserFactory(), UserFactory()
    join_team(inviter=resident, initiative=hidden, person=member)
    join_team(inviter=resident, initiative=hidden, person=former)
    term = TeamMember.objects.get(initiative=hidden, actor__user=former, left_at__isnull=True)
    team_member_remove(user=former, member=term)
    people = {
        "visitor": AnonymousUser(),
        "initiator": resident,
        "member": member,
        "former member": former,
        "stranger": stranger,
        "other resident": other_resident,
    }
    for role in (Role.CONNECTOR, Role.MODERATOR, Role.PROGRAMME_MANAGER, Role.REVIEWER):
        here, elsewhere = UserFactory(), UserFactory()
        RoleGrant.objects.create(user=here, municipality=municipality, role=role)
        RoleGrant.objects.create(user=elsewhere, municipality=other_municipality, role=role)
        people[f"{role} here"] = here
        people[f"{role} elsewhere"] = elsewhere
    expected_to_see = {
        "initiator",
        "member",
        f"{Role.CONNECTOR} here",
        f"{Role.MODERATOR} here",
        f"{Role.PROGRAMME_MANAGER} here",
    }
    for name, user in people.items():
        if user.is_authenticated:  # as a new request loads it (no memo of an earlier check)
            user = type(user).objects.get(pk=user.pk)
        listed = Initiative.objects.filter(_visible(user), pk=hidden.pk).exists()
        assert _sees(user, hidden) == listed == (name in expected_to_see), name
        assert _sees(user, shown), name
        assert (visibility_scope(user=user) != "") == (name in expected_to_see), name
