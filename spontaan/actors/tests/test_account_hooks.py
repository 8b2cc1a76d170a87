"""The network's person-actor follows its account: renamed with it, nameless once deleted."""

import pytest
from django.urls import reverse

from spontaan.accounts.models import User
from spontaan.accounts.services import former_participant_name
from spontaan.accounts.tests.factories import PASSWORD, UserFactory
from spontaan.accounts.tests.helpers import profile_data
from spontaan.actors.services import actor_for_user

pytestmark = pytest.mark.django_db


def test_renaming_the_account_renames_the_person_actor(client):
    # given
    user = UserFactory(display_name="Anna")
    actor = actor_for_user(user=user)
    client.force_login(user)
    # when
    response = client.post(reverse("accounts:profile"), profile_data("Anna B"))
    # then
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.name == "Anna B"


def test_deleting_the_account_keeps_the_actor_without_the_name(client):
    # given
    user = UserFactory(display_name="Anna de Boer")
    actor = actor_for_user(user=user)
    client.force_login(user)
    # when
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    # then
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.name == former_participant_name() and "Anna" not in actor.name
    assert actor.user_id == user.pk
    assert User.objects.get(pk=user.pk).deleted_at is not None
