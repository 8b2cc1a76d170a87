"""Draft scores stay with their author; a manager on the team neither sees scores nor
decides; conditions belong to grants only; the public does not read the managers' notes."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from spontaan.accounts.models import Role, RoleGrant
from spontaan.tender.applications import assessment
from spontaan.tender.applications import services as application_services
from spontaan.tender.applications.selectors import application_reviews, application_roles
from spontaan.tender.models import Outcome
from spontaan.tender.money import services as money_services

from .conftest import score_all
from .helpers import decide


def test_a_draft_review_is_read_only_by_its_author(
    submitted, reviewer, second_reviewer, programme_manager
):
    score_all(reviewer, submitted)
    scores = {
        c.pk: {"value": 2, "motivation": "KLADVERSIE"} for c in submitted.scheme.criteria.all()
    }
    assessment.review_save(user=second_reviewer, application=submitted, scores=scores, submit=False)
    for user in (reviewer, programme_manager):
        roles = application_roles(user=user, application=submitted)
        _view, reviews = application_reviews(user=user, application=submitted, roles=roles)
        assert [r.reviewer for r in reviews] == [reviewer]
        client = Client()
        client.force_login(user)
        response = client.get(submitted.get_absolute_url())
        assert response.status_code == 200
        page = response.content.decode()
        assert "Motivatie" in page  # the submitted review is shown
        assert "KLADVERSIE" not in page
    roles = application_roles(user=second_reviewer, application=submitted)
    _view, reviews = application_reviews(user=second_reviewer, application=submitted, roles=roles)
    assert second_reviewer in [r.reviewer for r in reviews]


def test_a_programme_manager_on_the_team_neither_sees_scores_nor_decides(
    submitted, reviewer, resident, municipality
):
    RoleGrant.objects.create(user=resident, municipality=municipality, role=Role.PROGRAMME_MANAGER)
    score_all(reviewer, submitted)
    roles = application_roles(user=resident, application=submitted)
    assert application_reviews(user=resident, application=submitted, roles=roles) == ("", [])
    with pytest.raises(PermissionDenied):
        decide(resident, submitted, amount=1000, reasoning="Ja.")


def test_conditions_belong_to_a_grant_and_notes_stay_with_the_municipality(
    submitted, reviewer, programme_manager
):
    decision = decide(
        programme_manager,
        submitted,
        Outcome.RETURNED,
        reasoning="Wie onderhoudt het?",
        conditions="INTERN: begroting klopt niet",
        amount=None,
    )
    assert decision.conditions == ""
    response = Client().get(submitted.initiative.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert submitted.initiative.title in page
    assert "INTERN" not in page and "Wie onderhoudt het?" not in page
    timeline = Client().get(f"/api/v1/initiatives/{submitted.initiative_id}/timeline")
    assert timeline.status_code == 200 and timeline.json()
    assert "INTERN" not in timeline.content.decode()

    application_services.application_submit(
        user=submitted.initiative.created_by, application=submitted, answer_to_questions="De buurt."
    )
    score_all(reviewer, submitted)
    decide(programme_manager, submitted, amount=6000, reasoning="Goed plan.")
    money_services.grant_pay(
        user=programme_manager,
        application=submitted,
        amount=1000,
        note="INTERNE NOTITIE rekeningnummer",
    )
    response = Client().get(submitted.get_absolute_url())
    assert response.status_code == 200
    public = response.content.decode()
    assert "Goed plan." in public and "INTERNE NOTITIE" not in public
    response = Client().get(f"/api/v1/applications/{submitted.pk}")
    assert response.status_code == 200
    api = response.json()
    assert [(e["kind"], e["amount"], e["note"]) for e in api["ledger"]] == [
        ("commit", 6000, ""),
        ("pay", 1000, ""),
    ]
    assert "INTERNE NOTITIE" not in response.content.decode()


def test_the_api_refuses_booleans_and_strings_for_numbers(draft, resident):
    client = Client()
    client.force_login(resident)
    for body in ({"amount_requested": True}, {"amount_requested": "12"}, {"wants_pitch": "false"}):
        response = client.patch(
            f"/api/v1/applications/{draft.pk}", data=body, content_type="application/json"
        )
        assert response.status_code == 422, body
    draft.refresh_from_db()
    assert draft.amount_requested == 6000 and draft.wants_pitch is False
