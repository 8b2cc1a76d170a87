"""New-account limits: links not clickable and a few contributions a day until the account
has a contribution that is a day old."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from spontaan.initiatives.models import Initiative
from spontaan.initiatives.news import news_post
from spontaan.initiatives.services import initiative_create
from spontaan.moderation.selectors import account_is_new

pytestmark = pytest.mark.django_db

STORY = "Kijk op [onze winkel](https://spam.example/koop)."


def _create(user, municipality, title="Plan"):
    return initiative_create(
        user=user,
        municipality=municipality,
        title=title,
        summary="x",
        category="activity",
        story=STORY,
    )


def test_links_of_a_new_account_are_not_clickable(resident, municipality):
    assert account_is_new(user=resident)
    initiative = _create(resident, municipality)
    assert "<a" not in initiative.story_html
    assert "onze winkel (https://spam.example/koop)" in initiative.story_html


def test_links_are_clickable_once_the_account_has_taken_part(resident, municipality):
    first = _create(resident, municipality)
    Initiative.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert not account_is_new(user=resident)
    second = _create(resident, municipality, "Tweede")
    assert '<a href="https://spam.example/koop"' in second.story_html


def test_a_hidden_contribution_does_not_count_as_taking_part(resident, municipality):
    first = _create(resident, municipality)
    Initiative.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(days=2), is_hidden=True
    )
    assert account_is_new(user=resident)


def test_staff_are_never_new(connector):
    assert not account_is_new(user=connector)


def test_a_new_account_posts_only_a_few_contributions_a_day(resident, municipality, settings):
    settings.NEW_ACCOUNT_DAILY_LIMIT = 3
    initiative = _create(resident, municipality)
    news_post(user=resident, initiative=initiative, title="Een", text="x")
    news_post(user=resident, initiative=initiative, title="Twee", text="x")
    with pytest.raises(ValidationError):
        news_post(user=resident, initiative=initiative, title="Drie", text="x")
    with pytest.raises(ValidationError):
        _create(resident, municipality, "Nog een")
    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    news_post(user=resident, initiative=initiative, title="Drie", text="x")  # taken part now
