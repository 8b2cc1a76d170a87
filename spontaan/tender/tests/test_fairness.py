"""Conflict of interest as one rule (tender.fairness): anyone who is or ever was on the
initiative's team is excluded from scoring, from the panel's means and from deciding; being
invited is not enough."""

import pytest
from django.core.exceptions import PermissionDenied

from spontaan.accounts.models import User
from spontaan.initiatives import team
from spontaan.initiatives.models import TeamMember
from spontaan.initiatives.tests.factories import join_team
from spontaan.tender import fairness
from spontaan.tender.applications.selectors import access_application, scheme_pipeline
from spontaan.tender.models import Decision, Review
from spontaan.tender.schemes.selectors import criterion_means
from tests.api import api, send

from .conftest import score_all
from .helpers import decide, writes_nothing

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)


def _scores(application, value=4):
    return {
        str(c.pk): {"value": value, "motivation": "Goed plan."}
        for c in application.scheme.criteria.all()
    }


def _leave(person, initiative):
    member = TeamMember.objects.get(initiative=initiative, actor__user=person, left_at__isnull=True)
    team.team_member_remove(user=person, member=member)


def test_a_reviewer_who_left_the_team_still_may_not_score(
    resident, initiative, submitted, reviewer
):
    """Finding 2: leave the team, then `PUT /api/v1/applications/<id>/review` gave 200."""
    join_team(inviter=resident, initiative=initiative, person=reviewer)
    _leave(fresh(reviewer), initiative)
    assert fairness.exclusion(user=fresh(reviewer), application=submitted) == fairness.TEAM
    with writes_nothing(), pytest.raises(PermissionDenied):
        score_all(fresh(reviewer), submitted)
    response = send(
        api(reviewer),
        "put",
        f"/api/v1/applications/{submitted.pk}/review",
        {"scores": _scores(submitted)},
    )
    assert response.status_code == 403
    assert not Review.objects.filter(reviewer=reviewer).exists()


def test_scores_given_before_joining_the_team_stop_counting(
    resident, initiative, submitted, reviewer, second_reviewer
):
    """Finding 2: re-added later, his scores still counted in the panel's means."""
    score_all(reviewer, submitted, 5)
    score_all(second_reviewer, submitted, 2)
    means = criterion_means(application_ids=[submitted.pk])[submitted.pk]
    assert {n for _mean, n in means.values()} == {2}

    join_team(inviter=resident, initiative=initiative, person=reviewer)
    _leave(fresh(reviewer), initiative)

    means = criterion_means(application_ids=[submitted.pk])[submitted.pk]
    assert set(means.values()) == {(2.0, 1)}
    detail = access_application(user=fresh(second_reviewer), application_id=submitted.pk)[0]
    pipeline = scheme_pipeline(scheme=submitted.scheme)
    [row] = [a for _s, _l, apps in pipeline.columns for a in apps if a.pk == detail.pk]
    assert row.reviews_done == 1


def test_a_programme_manager_who_left_the_team_may_not_decide(
    resident, initiative, submitted, reviewer, programme_manager
):
    """Finding 2: a programme manager left the team and recorded a decision (201)."""
    score_all(reviewer, submitted)
    join_team(inviter=resident, initiative=initiative, person=programme_manager)
    _leave(fresh(programme_manager), initiative)
    with writes_nothing(), pytest.raises(PermissionDenied):
        decide(fresh(programme_manager), submitted)
    response = send(
        api(programme_manager),
        "post",
        f"/api/v1/applications/{submitted.pk}/decision",
        {"outcome": "granted", "amount": 5000, "reasoning": "Goed plan."},
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_an_invitation_alone_excludes_nobody(
    resident, initiative, submitted, reviewer, programme_manager
):
    """Finding 3: an initiator put the only programme manager on the team, so that manager could
    no longer decide. Now the manager would have to accept; an invitation changes nothing."""
    team.team_invite(user=resident, initiative=initiative, email=programme_manager.email)
    team.team_invite(user=resident, initiative=initiative, email=reviewer.email)
    assert fairness.exclusion(user=fresh(reviewer), application=submitted) == ""
    score_all(fresh(reviewer), submitted)
    decision = decide(fresh(programme_manager), submitted)
    assert decision.pk
