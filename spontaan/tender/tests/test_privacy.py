"""What the tender puts in "export my data": one's own applications, answers, reviews and
spending reports, and nobody else's."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from spontaan.accounts.export import user_export_data
from spontaan.tender.applications import assessment
from spontaan.tender.applications import services as application_services
from spontaan.tender.models import Outcome
from spontaan.tender.money import services as money_services
from spontaan.tender.privacy import tender_export

from .conftest import score_all
from .helpers import decide

pytestmark = pytest.mark.django_db


def test_the_export_holds_my_applications_answers_and_reports(
    resident, submitted, programme_manager, reviewer
):
    decide(programme_manager, submitted, Outcome.RETURNED, reasoning="Wie doet mee?", amount=None)
    application_services.application_submit(
        user=resident, application=submitted, answer_to_questions="De hele straat."
    )
    score_all(reviewer, submitted)
    decide(programme_manager, submitted, amount=5000, reasoning="Goed.")
    money_services.spending_report_submit(
        user=resident, application=submitted, realised_euros=4800, text="Bakken staan er."
    )
    data = tender_export(resident)
    [application] = data["applications_started"]
    assert (
        application["id"],
        application["scheme__name"],
        application["amount_requested"],
        application["plan"],
        application["themes"],
    ) == (submitted.pk, "Spontane Binnenstad", 6000, "Groen op het Marktplein.", ["groen"])
    assert [(s["number"], s["answer_to_questions"]) for s in data["submissions"]] == [
        (1, ""),
        (2, "De hele straat."),
    ]
    assert [(r["realised_euros"], r["text"]) for r in data["spending_reports"]] == [
        (4800, "Bakken staan er.")
    ]
    assert data["reviews"] == []
    # it is part of the whole export, and that is JSON
    whole = user_export_data(user=resident)
    assert whole["tender"]["applications_started"][0]["id"] == submitted.pk
    json.dumps(whole, cls=DjangoJSONEncoder)


def test_the_export_holds_my_reviews_and_conflicts_only(
    submitted, reviewer, second_reviewer, resident
):
    score_all(reviewer, submitted, 4)
    assessment.review_declare_conflict(
        user=second_reviewer, application=submitted, note="Mijn buurvrouw."
    )
    data = tender_export(reviewer)
    [review] = data["reviews"]
    assert review["application"] == submitted.pk and not review["conflict_of_interest"]
    criteria = submitted.scheme.criteria.values_list("name", flat=True)
    assert sorted((s["criterion"], s["value"]) for s in review["scores"]) == sorted(
        (name, 4) for name in criteria
    )
    assert all(s["motivation"].startswith("Motivatie ") for s in review["scores"])
    assert data["applications_started"] == [] and data["submissions"] == []
    [conflict] = tender_export(second_reviewer)["reviews"]
    assert (conflict["conflict_of_interest"], conflict["conflict_note"], conflict["scores"]) == (
        True,
        "Mijn buurvrouw.",
        [],
    )
    text = json.dumps(tender_export(resident), cls=DjangoJSONEncoder)
    assert "Motivatie" not in text and "Mijn buurvrouw." not in text
