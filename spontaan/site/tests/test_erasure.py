"""Deleting an account erases the person's name from every stored copy (finding 5: a
renamed-then-deleted account still showed "Bas Echtenaam joined the team")."""

import json

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from spontaan.accounts.services import user_delete, user_update
from spontaan.accounts.tests.factories import UserFactory
from spontaan.initiatives import services as initiative_services
from spontaan.initiatives.news import news_post
from spontaan.initiatives.tests.factories import join_team

pytestmark = pytest.mark.django_db

OLD = "Echtenaam"


def _stored_copies(needle: str) -> list[str]:
    """Every text or JSON value in every table that contains `needle`."""
    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField | models.JSONField) and f.concrete
        ]
        for row in model._default_manager.values("pk", *fields):
            for name in fields:
                value = row[name]
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if needle in (text or ""):
                    found.append(f"{model._meta.label}.{name} #{row['pk']}")
    return found


def test_a_renamed_then_deleted_account_leaves_its_name_nowhere(initiative, resident):
    bas = UserFactory(display_name=f"Bas {OLD}", email="bas@example.org", password="x" * 12)
    join_team(inviter=resident, initiative=initiative, person=bas)
    news_post(user=bas, initiative=initiative, title="Begonnen", text="Wij zijn begonnen.")
    initiative_services.initiative_follow(user=bas, initiative=initiative)
    assert _stored_copies(OLD)  # the name is there before

    user_update(user=bas, display_name="Bas", language="nl", email_mode="daily")
    user_delete(user=bas, password="x" * 12)

    assert _stored_copies(OLD) == []
    assert _stored_copies("Bas") == []  # nor the name after the rename
    anonymous = Client()
    for url in (
        initiative.get_absolute_url(),
        f"/api/v1/initiatives/{initiative.pk}",
        f"/api/v1/initiatives/{initiative.pk}/timeline",
    ):
        body = anonymous.get(url).content.decode()
        assert OLD not in body, url
        assert "Bas joined" not in body and "Bas is " not in body, url
