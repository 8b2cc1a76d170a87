"""Fixtures of the tender: a rolling scheme for Hengelo and Borne with a panel of two, and a
complete draft application of the shared `initiative` (Hengelo)."""

import pytest

from spontaan.accounts.models import Role, RoleGrant
from spontaan.accounts.tests.factories import UserFactory
from spontaan.places.models import CityProfile
from spontaan.tender.applications import assessment
from spontaan.tender.applications import services as application_services
from spontaan.tender.models import LineSource, Mode

from .helpers import complete_draft, decide, open_with_panel, regional_scheme


def _user(name, email, grants=()):
    user = UserFactory(display_name=name, email=email)
    for municipality, role in grants:
        RoleGrant.objects.create(user=user, municipality=municipality, role=role)
    return user


@pytest.fixture
def regional_manager(municipality, other_municipality):
    """Programme manager in both municipalities: may set up the shared scheme."""
    return _user(
        "Rosa Regio",
        "rosa@example.org",
        [(municipality, Role.PROGRAMME_MANAGER), (other_municipality, Role.PROGRAMME_MANAGER)],
    )


@pytest.fixture
def other_manager(other_municipality):
    """Programme manager of Borne only."""
    return _user("Otto Oost", "otto@example.org", [(other_municipality, Role.PROGRAMME_MANAGER)])


@pytest.fixture
def reviewer(municipality):
    return _user("Ria Reviewer", "ria@example.org", [(municipality, Role.REVIEWER)])


@pytest.fixture
def second_reviewer(municipality):
    return _user("Sem Scoort", "sem@example.org", [(municipality, Role.REVIEWER)])


@pytest.fixture
def profile(municipality):
    return CityProfile.objects.update_or_create(
        municipality=municipality,
        defaults={
            "text": "Hengelo: stad van techniek en ontmoeting.",
            "themes": ["ontmoeting", "techniek", "groen"],
        },
    )[0]


@pytest.fixture
def scheme(
    regional_manager, municipality, other_municipality, reviewer, second_reviewer, programme_manager
):
    """An open rolling scheme: € 100,000, at most € 10,000 each, 20% co-financing."""
    created = regional_scheme(
        regional_manager,
        municipality,
        other_municipality,
        name="Spontane Binnenstad",
        purpose="Initiatieven die de binnenstad versterken.",
        budget_euros=100_000,
        max_per_initiative_euros=10_000,
        min_cofinancing_percent=20,
        mode=Mode.ROLLING,
        decision_days=20,
        funders=[
            {"name": "Provincie Overijssel", "amount_euros": 50_000},
            {"name": "Gemeenten", "amount_euros": 50_000},
        ],
    )
    return open_with_panel(regional_manager, created, reviewer, second_reviewer)


@pytest.fixture
def draft_scheme(regional_manager, municipality, other_municipality):
    """A scheme still in preparation, for Hengelo and Borne, in tranches (none added yet)."""
    return regional_scheme(
        regional_manager,
        municipality,
        other_municipality,
        name="Geheime Regeling",
        purpose="Nog in voorbereiding.",
        budget_euros=20_000,
        max_per_initiative_euros=2_000,
        mode=Mode.TRANCHES,
    )


GOOD_LINES = [
    {"item": "Plantenbakken", "amount_euros": 6000, "source": LineSource.SCHEME},
    {"item": "Vrijwilligersuren", "amount_euros": 1500, "source": LineSource.OWN},
    {
        "item": "Bijdrage ondernemers",
        "amount_euros": 1000,
        "source": LineSource.OTHER,
        "funder": "Ondernemersvereniging",
    },
]


@pytest.fixture
def draft(resident, initiative, scheme, profile):
    return complete_draft(
        resident, initiative, scheme, 6000, plan="Groen op het Marktplein.", lines=GOOD_LINES
    )


@pytest.fixture
def submitted(resident, draft):
    return application_services.application_submit(user=resident, application=draft)


def score_all(user, application, value=4):
    scores = {
        c.pk: {"value": value, "motivation": f"Motivatie {c.name}"}
        for c in application.scheme.criteria.all()
    }
    return assessment.review_save(user=user, application=application, scores=scores)


@pytest.fixture
def scored(submitted, reviewer, second_reviewer):
    """The submitted application, scored by both panel members (4 and 3)."""
    score_all(reviewer, submitted, 4)
    score_all(second_reviewer, submitted, 3)
    return submitted


GRANT_REASONING = "Versterkt het profiel van de binnenstad."


@pytest.fixture
def granted(scored, programme_manager):
    """The scored application, granted € 5,000 of the € 6,000 requested."""
    decide(programme_manager, scored, reasoning=GRANT_REASONING, conditions="Foto's achteraf.")
    scored.refresh_from_db()
    return scored


def draft_review(user, application, value, motivation):
    """A review in progress: the first criterion scored, not submitted yet."""
    criterion = application.scheme.criteria.first()
    return assessment.review_save(
        user=user,
        application=application,
        submit=False,
        scores={criterion.pk: {"value": value, "motivation": motivation}},
    )
