"""Who sees what (the rules in the docstring of applications/selectors.py), and the figures the pages
show: means per criterion, the review queue, the pipeline and the budget."""

from datetime import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from spontaan.accounts.models import Role, User
from spontaan.initiatives.models import Initiative
from spontaan.initiatives.tests.factories import join_team
from spontaan.tender.applications import assessment
from spontaan.tender.applications import selectors as application_selectors
from spontaan.tender.applications import services as application_services
from spontaan.tender.applications.selectors import CONFLICTED, MANAGER, PANEL, STAFF, TEAM
from spontaan.tender.models import Application, ApplicationStatus, Outcome, SchemeStatus
from spontaan.tender.money import selectors as money_selectors
from spontaan.tender.money import services as money_services
from spontaan.tender.schemes import selectors as scheme_selectors
from spontaan.tender.schemes import services as scheme_services

from .conftest import _user, draft_review, score_all
from .helpers import complete_draft, decide, new_initiative

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user again, without roles, team membership and tender roles cached on the object."""
    return User.objects.get(pk=user.pk) if user.is_authenticated else AnonymousUser()


def roles_of(user, application):
    """The roles access_application gives, or None when it answers 404."""
    try:
        _application, roles = application_selectors.access_application(
            user=fresh(user), application_id=application.pk
        )
    except Http404:
        return None
    return roles


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def outsider_reviewer(municipality):
    """Holds the reviewer role in Hengelo but is not on the scheme's panel."""
    return _user("Olga Ongevraagd", "olga@example.org", [(municipality, Role.REVIEWER)])


# --- access_application -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "outsider",
    [
        "other_resident",
        "anonymous",
        "reviewer",
        "programme_manager",
        "regional_manager",
        "connector",
    ],
)
def test_a_draft_is_seen_by_its_team_only(request, draft, resident, outsider):
    assert roles_of(resident, draft) == {TEAM}
    assert roles_of(request.getfixturevalue(outsider), draft) is None


def test_a_submitted_application_is_seen_by_team_panel_and_staff(
    submitted,
    resident,
    reviewer,
    second_reviewer,
    programme_manager,
    regional_manager,
    connector,
    other_resident,
    anonymous,
    other_manager,
    other_connector,
    outsider_reviewer,
):
    assert roles_of(resident, submitted) == {TEAM}
    assert roles_of(reviewer, submitted) == {PANEL}
    assert roles_of(programme_manager, submitted) == {MANAGER, STAFF}
    assert roles_of(regional_manager, submitted) == {MANAGER, STAFF}
    assert roles_of(connector, submitted) == {STAFF}
    assessment.review_declare_conflict(user=second_reviewer, application=submitted, note="Buurman.")
    assert roles_of(second_reviewer, submitted) == {PANEL, CONFLICTED}
    # Borne's manager and connector, and reviewers outside the panel, see nothing yet
    for user in (other_resident, anonymous, other_manager, other_connector, outsider_reviewer):
        assert roles_of(user, submitted) is None, user


def test_a_reviewer_on_the_team_counts_as_conflicted(resident, initiative, submitted, reviewer):
    join_team(inviter=resident, initiative=initiative, person=reviewer)
    assert roles_of(reviewer, submitted) == {TEAM, PANEL, CONFLICTED}


@pytest.mark.parametrize("outcome", [Outcome.GRANTED, Outcome.NOT_GRANTED])
def test_a_decided_application_is_public_unless_the_initiative_is_hidden(
    submitted, reviewer, programme_manager, resident, other_resident, anonymous, outcome
):
    score_all(reviewer, submitted)
    decide(programme_manager, submitted, outcome, amount=6000, reasoning="Besloten.")
    assert roles_of(anonymous, submitted) == set()
    assert roles_of(other_resident, submitted) == set()
    Initiative.objects.filter(pk=submitted.initiative_id).update(is_hidden=True)
    assert roles_of(anonymous, submitted) is None
    assert roles_of(other_resident, submitted) is None
    assert roles_of(resident, submitted) == {TEAM}
    assert roles_of(programme_manager, submitted) == {MANAGER, STAFF}


def test_returned_and_withdrawn_applications_are_not_public(
    submitted, resident, programme_manager, anonymous, reviewer
):
    decide(programme_manager, submitted, Outcome.RETURNED, reasoning="Vragen.", amount=None)
    assert roles_of(anonymous, submitted) is None
    assert roles_of(reviewer, submitted) == {PANEL}
    application_services.application_withdraw(user=resident, application=submitted)
    assert roles_of(anonymous, submitted) is None
    assert roles_of(programme_manager, submitted) == {MANAGER, STAFF}


@pytest.mark.parametrize("application_id", [0, 10**30, "abc", None, "1; DROP TABLE"])
def test_unknown_application_ids_are_404(db, application_id, resident):
    with pytest.raises(Http404):
        application_selectors.access_application(user=resident, application_id=application_id)


# --- scores -----------------------------------------------------------------------------------


def test_who_sees_which_scores(
    submitted, reviewer, second_reviewer, programme_manager, connector, resident, anonymous
):
    def view(user):
        user = fresh(user)
        roles = application_selectors.application_roles(user=user, application=submitted)
        return application_selectors.may_see_scores(user=user, application=submitted, roles=roles)

    assert view(programme_manager) == "all"
    assert view(reviewer) == "own"  # nothing submitted yet
    score_all(reviewer, submitted, 4)
    assert view(reviewer) == "all"
    assert view(second_reviewer) == "own"
    # a draft review is not enough to see the others
    draft_review(second_reviewer, submitted, 2, "Half af.")
    assert view(second_reviewer) == "own"
    assessment.review_declare_conflict(user=second_reviewer, application=submitted, note="Familie.")
    assert view(second_reviewer) == ""
    for user in (connector, resident, anonymous):
        assert view(user) == ""


def test_the_detail_shows_a_reviewer_only_their_own_review_until_they_submitted(
    submitted, reviewer, second_reviewer
):
    score_all(second_reviewer, submitted, 2)
    user = fresh(reviewer)
    roles = application_selectors.application_roles(user=user, application=submitted)
    detail = application_selectors.application_detail(user=user, application=submitted, roles=roles)
    assert detail.score_view == "own" and detail.reviews == []
    assert all(mean is None for _c, mean in detail.criterion_means)
    score_all(reviewer, submitted, 4)
    user = fresh(reviewer)
    detail = application_selectors.application_detail(user=user, application=submitted, roles=roles)
    assert {r.reviewer_id for r in detail.reviews} == {reviewer.pk, second_reviewer.pk}
    assert {mean for _c, mean in detail.criterion_means} == {(3.0, 2)}
    assert detail.weighted == 3.0
    assert detail.own_review.reviewer_id == reviewer.pk


def test_the_public_detail_of_a_decision_hides_the_private_parts(
    submitted, reviewer, programme_manager, resident
):
    decide(
        programme_manager, submitted, Outcome.RETURNED, reasoning="Een interne vraag.", amount=None
    )
    application_services.application_submit(
        user=resident, application=submitted, answer_to_questions="Het antwoord."
    )
    score_all(reviewer, submitted, 4)
    decide(programme_manager, submitted, amount=5000, reasoning="Goed.")
    submitted = Application.objects.get(pk=submitted.pk)
    public = AnonymousUser()
    detail = application_selectors.application_detail(
        user=public, application=submitted, roles=set()
    )
    assert detail.lines == [] and detail.totals is None
    assert detail.attachments == [] and detail.submissions == []
    assert [d.outcome for d in detail.decisions] == [Outcome.GRANTED]
    assert detail.reviews == [] and detail.score_view == ""
    assert {mean for _c, mean in detail.criterion_means} == {(4.0, 1)}
    team = fresh(resident)
    roles = application_selectors.application_roles(user=team, application=submitted)
    detail = application_selectors.application_detail(user=team, application=submitted, roles=roles)
    assert [d.outcome for d in detail.decisions] == [Outcome.RETURNED, Outcome.GRANTED]
    assert len(detail.lines) == 3 and len(detail.submissions) == 2
    assert detail.reviews == []  # the team does not read the panel's scores
    assert detail.grant.committed == 5000


def test_criterion_means_count_only_submitted_reviews_without_conflict(
    submitted, reviewer, second_reviewer, scheme, regional_manager, municipality
):
    third = _user("Tess Derde", "tess@example.org", [(municipality, Role.REVIEWER)])
    scheme_services.reviewer_add(user=regional_manager, scheme=scheme, email=third.email)
    score_all(reviewer, submitted, 5)
    score_all(second_reviewer, submitted, 2)
    criteria = list(scheme.criteria.all())
    draft_review(third, submitted, 1, "Concept.")
    means = scheme_selectors.criterion_means(application_ids=[submitted.pk])[submitted.pk]
    assert means == {c.pk: (3.5, 2) for c in criteria}
    assessment.review_declare_conflict(user=reviewer, application=submitted, note="Oud-collega.")
    means = scheme_selectors.criterion_means(application_ids=[submitted.pk])[submitted.pk]
    assert means == {c.pk: (2.0, 1) for c in criteria}
    assert scheme_selectors.weighted_score(means, criteria) == 2.0
    assert scheme_selectors.weighted_score({criteria[0].pk: (2.0, 1)}, criteria) is None


# --- schemes ----------------------------------------------------------------------------------


def test_schemes_in_preparation_are_shown_to_their_managers_only(
    scheme,
    regional_manager,
    programme_manager,
    other_manager,
    resident,
    anonymous,
    reviewer,
    municipality,
):
    scheme_services.scheme_set_status(
        user=regional_manager, scheme=scheme, status=SchemeStatus.DRAFT
    )
    for user in (regional_manager, programme_manager, other_manager):
        assert list(scheme_selectors.scheme_list(user=fresh(user))) == [scheme]
        assert scheme_selectors.access_scheme(user=fresh(user), slug=scheme.slug) == scheme
    for user in (resident, anonymous, reviewer):
        assert list(scheme_selectors.scheme_list(user=fresh(user))) == []
        with pytest.raises(Http404):
            scheme_selectors.access_scheme(user=fresh(user), slug=scheme.slug)
    scheme_services.scheme_set_status(
        user=regional_manager, scheme=scheme, status=SchemeStatus.CLOSED
    )
    for user in (resident, anonymous):
        assert list(scheme_selectors.scheme_list(user=fresh(user))) == [scheme]
        assert scheme_selectors.access_scheme(user=fresh(user), slug=scheme.slug) == scheme
    with pytest.raises(Http404):
        scheme_selectors.access_scheme(user=resident, slug="bestaat-niet")


def test_the_budget_follows_the_ledger(submitted, reviewer, programme_manager):
    score_all(reviewer, submitted)
    decide(programme_manager, submitted, amount=6000, reasoning="Goed.")
    money_services.grant_pay(user=programme_manager, application=submitted, amount=2500)
    money_services.grant_release(
        user=programme_manager, application=submitted, amount=1000, note="Minder nodig."
    )
    budget = money_selectors.scheme_budget(scheme=submitted.scheme)
    assert (budget.budget, budget.committed, budget.paid, budget.released, budget.available) == (
        100_000,
        5000,
        2500,
        1000,
        95_000,
    )
    assert (budget.committed_percent, budget.paid_percent) == (5.0, 2.5)
    assert sorted(f.name for f in budget.funders) == ["Gemeenten", "Provincie Overijssel"]
    state = money_selectors.scheme_ledger_state(scheme=submitted.scheme)
    assert (state.committed, state.paid, state.available) == (5000, 2500, 95_000)
    counts = scheme_selectors.scheme_counts(scheme=submitted.scheme)
    assert (counts["received"], counts["granted"], counts["granted_euros"]) == (1, 1, 6000)


# --- the review queue -------------------------------------------------------------------------


def test_the_review_queue_sorts_waiting_done_and_excluded(
    submitted, reviewer, second_reviewer, resident, municipality, other_municipality, scheme
):
    second = complete_draft(resident, new_initiative(resident, municipality, "Tweede"), scheme)
    second = application_services.application_submit(user=resident, application=second)
    borne = complete_draft(
        resident, new_initiative(resident, other_municipality, "Borne"), scheme, themes=()
    )
    borne = application_services.application_submit(user=resident, application=borne)
    draft_left = complete_draft(resident, new_initiative(resident, municipality, "Concept"), scheme)

    def queue(user):
        result = application_selectors.review_queue(user=fresh(user))
        return {
            key: [a.pk for a in getattr(result, key)] for key in ("waiting", "done", "excluded")
        }

    assert queue(reviewer) == {
        "waiting": [submitted.pk, second.pk, borne.pk],
        "done": [],
        "excluded": [],
    }
    score_all(reviewer, submitted)
    assessment.review_declare_conflict(user=reviewer, application=second, note="Buren.")
    assert queue(reviewer) == {
        "waiting": [borne.pk],
        "done": [submitted.pk],
        "excluded": [second.pk],
    }
    # on the team of the Borne initiative
    join_team(inviter=resident, initiative=borne.initiative, person=second_reviewer)
    assert queue(second_reviewer)["excluded"] == [borne.pk]
    assert draft_left.pk not in sum(queue(second_reviewer).values(), [])
    # decided applications leave the queue; others have none
    assert queue(AnonymousUser()) == {"waiting": [], "done": [], "excluded": []}
    assert queue(resident) == {"waiting": [], "done": [], "excluded": []}


# --- the pipeline -----------------------------------------------------------------------------


def _at(day: str):
    return timezone.make_aware(datetime.fromisoformat(f"{day}T10:00"))


def test_the_pipeline_counts_decision_time_in_working_days(
    submitted,
    reviewer,
    programme_manager,
    other_manager,
    resident,
    municipality,
    other_municipality,
    scheme,
):
    borne = complete_draft(
        resident, new_initiative(resident, other_municipality, "Borne"), scheme, 2000, themes=()
    )
    borne = application_services.application_submit(user=resident, application=borne)
    waiting = complete_draft(resident, new_initiative(resident, municipality, "Wacht"), scheme)
    waiting = application_services.application_submit(user=resident, application=waiting)
    for application, manager in ((submitted, programme_manager), (borne, other_manager)):
        score_all(reviewer, application)
        decide(manager, application, amount=2000, reasoning="Goed.")
    # Monday 3 March to Friday 14 March 2025: nine working days
    Application.objects.filter(pk=submitted.pk).update(
        first_submitted_at=_at("2025-03-03"), decided_at=_at("2025-03-14")
    )
    # Monday 14 April to Tuesday 22 April 2025: Good Friday and Easter Monday do not count
    Application.objects.filter(pk=borne.pk).update(
        first_submitted_at=_at("2025-04-14"), decided_at=_at("2025-04-22")
    )
    pipeline = application_selectors.scheme_pipeline(scheme=scheme)
    assert sorted(pipeline.decision_days) == [4, 9]
    assert pipeline.median_days == 6.5
    assert pipeline.p90_days == pytest.approx(8.5)
    columns = {status: [a.pk for a in apps] for status, _label, apps in pipeline.columns}
    assert columns[ApplicationStatus.SUBMITTED] == [waiting.pk]
    assert sorted(columns[ApplicationStatus.GRANTED]) == sorted([submitted.pk, borne.pk])
    granted = next(apps for status, _l, apps in pipeline.columns if status == "granted")
    assert {a.reviews_done for a in granted} == {1}
    assert {a.weighted for a in granted} == {4.0}
    hengelo = application_selectors.scheme_pipeline(
        scheme=scheme, municipality_ids={municipality.pk}
    )
    assert hengelo.decision_days == [9]
    assert (
        application_selectors.scheme_pipeline(scheme=scheme, municipality_ids=set()).decision_days
        == []
    )


# --- lists for initiatives and people ---------------------------------------------------------


def test_the_initiative_page_lists_applications_by_who_is_looking(
    draft,
    resident,
    other_resident,
    connector,
    reviewer,
    programme_manager,
    regional_manager,
    scheme,
    initiative,
):
    def listed(user):
        return [
            a.status
            for a in application_selectors.applications_for_initiative(
                user=fresh(user), initiative=initiative
            )
        ]

    assert listed(resident) == [ApplicationStatus.DRAFT]
    assert listed(connector) == [] and listed(other_resident) == []
    application_services.application_submit(user=resident, application=draft)
    assert listed(connector) == [ApplicationStatus.SUBMITTED]
    assert listed(programme_manager) == [ApplicationStatus.SUBMITTED]
    assert listed(other_resident) == []
    score_all(reviewer, draft)
    decide(programme_manager, draft, Outcome.NOT_GRANTED, reasoning="Nee.", amount=None)
    assert listed(other_resident) == [ApplicationStatus.NOT_GRANTED]
    assert list(application_selectors.user_applications(user=fresh(resident))) == [
        Application.objects.get(pk=draft.pk)
    ]
    assert list(application_selectors.user_applications(user=fresh(other_resident))) == []
    assert list(application_selectors.user_applications(user=AnonymousUser())) == []
