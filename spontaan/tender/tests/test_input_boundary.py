"""The input boundary on the tender's forms and API (findings 8 and 10 of the security probe,
see SECURITY.md): a 4xx with a clear error, never a server error, and nothing changed."""

import json

import pytest
from django.conf import settings

from spontaan.tender.models import Application, Decision, Reviewer
from tests.api import api

APPS = "/api/v1/applications"


def _with_lone_surrogate(body: dict, field: str) -> str:
    return json.dumps({**body, field: "a"}).replace(f'"{field}": "a"', f'"{field}": "a\\ud800"')


def test_lone_surrogate_in_decision_reasoning_is_422_not_500(scored, programme_manager):
    body = _with_lone_surrogate({"outcome": "not_granted"}, "reasoning")
    response = api(programme_manager).post(
        f"{APPS}/{scored.pk}/decision", body, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert "reasoning" in response.json()["fields"]
    assert not Decision.objects.exists()


def test_lone_surrogate_in_the_plan_is_422_not_500(draft, resident):
    plan = draft.plan
    response = api(resident).patch(
        f"{APPS}/{draft.pk}", _with_lone_surrogate({}, "plan"), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert "plan" in response.json()["fields"]
    assert Application.objects.get(pk=draft.pk).plan == plan


@pytest.mark.parametrize("plan", ["\u200b\u200b", "Plan \u202ereversed", "a" + "\u0301" * 130])
def test_a_plan_that_shows_nothing_or_misleads_is_refused(draft, resident, plan):
    response = api(resident).patch(
        f"{APPS}/{draft.pk}", {"plan": plan}, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert Application.objects.get(pk=draft.pk).plan == draft.plan


@pytest.mark.parametrize("amount", [True, "5000"])
def test_a_granted_amount_is_a_number_not_a_boolean(scored, programme_manager, amount):
    response = api(programme_manager).post(
        f"{APPS}/{scored.pk}/decision",
        {"outcome": "granted", "amount": amount, "reasoning": "Goed."},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert not Decision.objects.exists()


def test_many_unknown_criteria_are_counted_not_echoed(submitted, reviewer):
    scores = {str(10_000 + i): {"value": 3} for i in range(5000)}
    response = api(reviewer).put(
        f"{APPS}/{submitted.pk}/review",
        {"scores": scores, "submit": False},
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500, response.content[:300]
    assert len(response.content) < 5000


@pytest.mark.parametrize("raw", ["²", "٣", "1_0", "99999999999999999999999"])
def test_reviewer_given_as_an_odd_number_is_404_not_500(client, regional_manager, scheme, raw):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(regional_manager)
    before = Reviewer.objects.count()
    response = client.post(
        f"/regelingen/{scheme.slug}/instellingen/", {"action": "reviewer_remove", "reviewer": raw}
    )
    assert response.status_code == 404
    assert Reviewer.objects.count() == before
