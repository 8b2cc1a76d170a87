"""Assessment: only panel members with the reviewer role score, never on their own initiative
or after declaring a conflict; a score is a whole number with a motivation per criterion."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from spontaan.accounts.models import Role, RoleGrant, User
from spontaan.core.models import AuditEntry
from spontaan.initiatives.tests.factories import join_team
from spontaan.tender import fairness
from spontaan.tender.applications import assessment
from spontaan.tender.applications import services as application_services
from spontaan.tender.models import (
    ApplicationStatus,
    Criterion,
    Outcome,
    Review,
    Reviewer,
    Score,
)
from spontaan.tender.schemes import services as scheme_services

from .conftest import _user, draft_review, score_all
from .helpers import decide, writes_nothing

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user again from the database, without the roles and team cached on the object."""
    return User.objects.get(pk=user.pk)


def scores_for(application, value=4, motivation="Goed onderbouwd."):
    return {
        c.pk: {"value": value, "motivation": motivation} for c in application.scheme.criteria.all()
    }


def test_a_panel_member_scores_every_criterion(submitted, reviewer):
    review = assessment.review_save(
        user=reviewer, application=submitted, scores=scores_for(submitted, 4), comment="Sterk plan."
    )
    assert review.submitted_at is not None and not review.conflict_of_interest
    assert review.comment == "Sterk plan."
    criteria = list(submitted.scheme.criteria.all())
    assert sorted(review.scores.values_list("criterion_id", "value")) == sorted(
        (c.pk, 4) for c in criteria
    )


def test_scores_can_be_revised_until_the_decision(submitted, reviewer, programme_manager):
    first = score_all(reviewer, submitted, 3)
    submitted_at = first.submitted_at
    # criterion ids may come as text (from a form)
    again = assessment.review_save(
        user=reviewer,
        application=submitted,
        scores={
            str(c.pk): {"value": "5", "motivation": "Herzien."}
            for c in submitted.scheme.criteria.all()
        },
    )
    assert again.pk == first.pk and again.submitted_at == submitted_at
    assert set(Score.objects.filter(review=again).values_list("value", flat=True)) == {5}
    assert Score.objects.count() == submitted.scheme.criteria.count()
    decide(programme_manager, submitted, Outcome.NOT_GRANTED, reasoning="Past niet.", amount=None)
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        score_all(reviewer, submitted, 1)
    assert "scores" in exc.value.message_dict


def test_a_draft_review_may_leave_criteria_open_and_does_not_count_yet(submitted, reviewer):
    criterion = submitted.scheme.criteria.first()
    review = draft_review(reviewer, submitted, 2, "Eerste indruk.")
    assert review.submitted_at is None
    assert list(review.scores.values_list("criterion_id", "value")) == [(criterion.pk, 2)]
    # submitting it needs every criterion
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        assessment.review_save(
            user=reviewer,
            application=submitted,
            scores={criterion.pk: {"value": 2, "motivation": "Eerste indruk."}},
        )
    other = submitted.scheme.criteria.exclude(pk=criterion.pk).first()
    assert f"score_{other.pk}" in exc.value.message_dict


@pytest.mark.parametrize(
    "who",
    [
        "resident",
        "other_resident",
        "connector",
        "programme_manager",
        "regional_manager",
        "other_manager",
    ],
)
def test_only_the_panel_scores(request, submitted, who):
    user = request.getfixturevalue(who)
    with writes_nothing(), pytest.raises(PermissionDenied):
        assessment.review_save(user=user, application=submitted, scores=scores_for(submitted))
    with writes_nothing(), pytest.raises(PermissionDenied):
        assessment.review_declare_conflict(user=user, application=submitted, note="Buurman.")


def test_a_reviewer_outside_the_panel_cannot_score(submitted, municipality):
    outsider = _user("Niet Gevraagd", "niet@example.org", [(municipality, Role.REVIEWER)])
    with writes_nothing(), pytest.raises(PermissionDenied):
        score_all(outsider, submitted)


def test_a_panel_member_who_lost_the_reviewer_role_cannot_score(submitted, reviewer):
    RoleGrant.objects.filter(user=reviewer, role=Role.REVIEWER).delete()
    assert Reviewer.objects.filter(user=reviewer).exists()
    with writes_nothing(), pytest.raises(PermissionDenied):
        score_all(fresh(reviewer), submitted)


def test_a_reviewer_of_another_covered_municipality_may_score(
    submitted, scheme, regional_manager, other_municipality
):
    borne = _user("Bo Beoordeelt", "bo@example.org", [(other_municipality, Role.REVIEWER)])
    scheme_services.reviewer_add(user=regional_manager, scheme=scheme, email=borne.email)
    assert score_all(borne, submitted).submitted_at is not None


def test_a_reviewer_on_the_team_is_excluded(resident, initiative, submitted, reviewer):
    join_team(inviter=resident, initiative=initiative, person=reviewer)
    reviewer = fresh(reviewer)
    assert fairness.exclusion(user=reviewer, application=submitted) == "team"
    with writes_nothing(), pytest.raises(PermissionDenied):
        score_all(reviewer, submitted)


def test_declaring_a_conflict_removes_earlier_scores_and_stops_scoring(
    submitted, reviewer, second_reviewer
):
    score_all(reviewer, submitted, 5)
    score_all(second_reviewer, submitted, 2)
    review = assessment.review_declare_conflict(
        user=reviewer, application=submitted, note="Mijn zus zit in het team."
    )
    assert review.conflict_of_interest and review.submitted_at is None
    assert review.conflict_note == "Mijn zus zit in het team."
    assert not Score.objects.filter(review__reviewer=reviewer).exists()
    assert (
        Score.objects.filter(review__reviewer=second_reviewer).count()
        == submitted.scheme.criteria.count()
    )
    entry = AuditEntry.objects.get(action="review.conflict")
    assert (entry.actor, entry.object_id, entry.changes) == (
        reviewer,
        str(submitted.pk),
        {"note": "Mijn zus zit in het team."},
    )
    assert fairness.exclusion(user=reviewer, application=submitted) == "conflict"
    with writes_nothing(), pytest.raises(PermissionDenied):
        score_all(reviewer, submitted, 5)
    with writes_nothing(), pytest.raises(PermissionDenied):
        assessment.review_save(
            user=reviewer, application=submitted, scores=scores_for(submitted), submit=False
        )


@pytest.mark.parametrize("note", ["", "   ", "x" * 401])
def test_a_conflict_needs_a_short_note(submitted, reviewer, note):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        assessment.review_declare_conflict(user=reviewer, application=submitted, note=note)
    assert "note" in exc.value.message_dict


def test_no_conflict_after_the_decision(submitted, reviewer, programme_manager):
    score_all(reviewer, submitted)
    decide(programme_manager, submitted, amount=6000, reasoning="Prima.")
    with writes_nothing(), pytest.raises(ValidationError):
        assessment.review_declare_conflict(user=reviewer, application=submitted, note="Oeps.")
    assert Score.objects.filter(review__reviewer=reviewer).exists()


def _bad(application, **entry):
    """Valid scores for every criterion but the first, which gets `entry`."""
    scores = scores_for(application)
    first = application.scheme.criteria.first()
    scores[first.pk] = entry
    return scores, first


@pytest.mark.parametrize(
    "entry,key",
    [
        ({"value": 0, "motivation": "Nul."}, "score"),
        ({"value": 6, "motivation": "Zes."}, "score"),  # the scale goes to 5
        ({"value": -1, "motivation": "Min."}, "score"),
        ({"value": "vier", "motivation": "Vier."}, "score"),
        ({"value": None, "motivation": "Niets."}, "score"),
        ({"value": 3.7, "motivation": "Bijna vier."}, "score"),
        ({"value": "3.5", "motivation": "Half."}, "score"),
        ({"value": True, "motivation": "Ja."}, "score"),
        ({"value": [4], "motivation": "Lijst."}, "score"),
        ({"value": 4}, "motivation"),
        ({"value": 4, "motivation": "   "}, "motivation"),
        ({"value": 4, "motivation": "x" * 4001}, "motivation"),
        ({"value": 4, "motivation": 42}, "motivation"),
    ],
)
def test_a_score_is_a_whole_number_on_the_scale_with_a_motivation(submitted, reviewer, entry, key):
    scores, first = _bad(submitted, **entry)
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        assessment.review_save(user=reviewer, application=submitted, scores=scores)
    assert f"{key}_{first.pk}" in exc.value.message_dict
    assert not Review.objects.exists()


def test_a_score_that_is_not_a_mapping_is_refused(submitted, reviewer):
    scores = scores_for(submitted)
    first = submitted.scheme.criteria.first()
    scores[first.pk] = 4
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        assessment.review_save(user=reviewer, application=submitted, scores=scores)
    assert f"score_{first.pk}" in exc.value.message_dict
    assert f"motivation_{first.pk}" in exc.value.message_dict


def test_unknown_criteria_are_refused(submitted, reviewer, regional_manager):
    other = scheme_services.scheme_create(
        user=regional_manager,
        region=submitted.scheme.region,
        municipalities=list(submitted.scheme.municipalities.all()),
        name="Andere Regeling",
        purpose="Iets anders.",
        budget_euros=1000,
        max_per_initiative_euros=1000,
    )
    foreign = Criterion.objects.filter(scheme=other).first()
    for key in (foreign.pk, "abc", 999_999):
        scores = scores_for(submitted)
        scores[key] = {"value": 3, "motivation": "Hier hoort het niet."}
        with writes_nothing(), pytest.raises(ValidationError) as exc:
            assessment.review_save(user=reviewer, application=submitted, scores=scores)
        assert "scores" in exc.value.message_dict
    for scores in ([4, 4, 4], "4", None):
        with writes_nothing(), pytest.raises(ValidationError) as exc:
            assessment.review_save(user=reviewer, application=submitted, scores=scores)
        assert "scores" in exc.value.message_dict


def test_the_top_of_a_wider_scale_is_accepted(scheme, regional_manager, submitted, reviewer):
    scheme_services.scheme_update(user=regional_manager, scheme=scheme, data={"score_max": 10})
    submitted.scheme.refresh_from_db()
    assert (
        score_all(reviewer, submitted, 10).scores.filter(value=10).count()
        == scheme.criteria.count()
    )


def test_a_too_long_comment_is_refused(submitted, reviewer):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        assessment.review_save(
            user=reviewer, application=submitted, scores=scores_for(submitted), comment="x" * 8001
        )
    assert "comment" in exc.value.message_dict


def test_only_a_submitted_application_is_scored(draft, resident, reviewer, programme_manager):
    with writes_nothing(), pytest.raises(ValidationError):
        score_all(reviewer, draft)
    application_services.application_submit(user=resident, application=draft)
    decide(programme_manager, draft, Outcome.RETURNED, reasoning="Wie doet mee?", amount=None)
    assert draft.__class__.objects.get(pk=draft.pk).status == ApplicationStatus.RETURNED
    with writes_nothing(), pytest.raises(ValidationError):
        score_all(reviewer, draft)
    application_services.application_withdraw(user=resident, application=draft)
    with writes_nothing(), pytest.raises(ValidationError):
        score_all(reviewer, draft)
