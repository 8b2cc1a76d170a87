"""Decisions at the same moment never spend more than the budget.

Each thread runs the real service in its own transaction on its own database connection, and
a barrier lets them start together. On PostgreSQL the lock on the scheme row (select_for_update
in checks.lock_scheme) serialises the commitments; on SQLite `transaction_mode: IMMEDIATE`
serialises all writers. The tests need a database that takes concurrent connections, so they
are skipped on the default in-memory SQLite test database. Run them with either

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pytest spontaan/tender
    SPONTAAN_TEST_SQLITE_FILE=1 pytest spontaan/tender/tests/test_concurrency.py

(.ci/run does both.)
"""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from spontaan.accounts.models import User
from spontaan.tender.applications import assessment
from spontaan.tender.applications import services as application_services
from spontaan.tender.models import (
    Application,
    ApplicationStatus,
    Decision,
    EntryKind,
    LedgerEntry,
    Mode,
    Outcome,
)
from spontaan.tender.money import services as money_services
from tests.concurrency import concurrent_db_only, run_together

from .conftest import score_all
from .helpers import complete_draft, new_initiative, open_with_panel, regional_scheme

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET = 10_000


def decide_in_thread(user_id, application_id, amount):
    """A decision as a request would make it: objects loaded on this thread's connection."""

    def call():
        user = User.objects.get(pk=user_id)
        application = Application.objects.get(pk=application_id)
        return assessment.application_decide(
            user=user,
            application=application,
            outcome=Outcome.GRANTED,
            amount=amount,
            reasoning="Past goed in de regeling.",
        )

    return call


@pytest.fixture
def small_scheme(
    regional_manager, municipality, other_municipality, reviewer, programme_manager, profile
):
    """Rolling (in tranche mode decisions wait for the tranche to close): € 10,000 for
    Hengelo and Borne, at most € 4,000 each, one panel member."""
    scheme = regional_scheme(
        regional_manager,
        municipality,
        other_municipality,
        name="Kleine Regeling",
        purpose="Weinig geld, veel ideeën.",
        budget_euros=BUDGET,
        max_per_initiative_euros=4000,
        mode=Mode.ROLLING,
    )
    return open_with_panel(regional_manager, scheme, reviewer)


def submitted_applications(
    resident, reviewer, scheme, municipality, count, amount, themes=("groen",)
):
    """`count` assessed applications of as many initiatives."""
    applications = []
    for number in range(count):
        initiative = new_initiative(
            resident, municipality, f"Initiatief {municipality.name} {number + 1}"
        )
        application = complete_draft(resident, initiative, scheme, amount, themes=themes)
        application = application_services.application_submit(
            user=resident, application=application
        )
        score_all(reviewer, application)
        applications.append(application)
    return applications


def committed_euros(scheme):
    return (
        LedgerEntry.objects.filter(scheme=scheme, kind=EntryKind.COMMIT).aggregate(
            s=Sum("amount_euros")
        )["s"]
        or 0
    )


def assert_three_of_six_granted(scheme, applications, results):
    successes = [value for outcome, value in results if outcome == "ok"]
    failures = [value for outcome, value in results if outcome == "error"]
    assert len(successes) == 3, results
    assert len(failures) == 3, results
    for error in failures:
        assert isinstance(error, ValidationError), repr(error)
        assert list(error.message_dict) == ["amount"]  # the budget, nothing else
    assert committed_euros(scheme) == 9000 <= BUDGET
    statuses = sorted(
        Application.objects.filter(pk__in=[a.pk for a in applications]).values_list(
            "status", flat=True
        )
    )
    assert statuses == [ApplicationStatus.GRANTED] * 3 + [ApplicationStatus.SUBMITTED] * 3
    # the refused decisions left nothing behind
    assert Decision.objects.filter(application__scheme=scheme).count() == 3
    assert LedgerEntry.objects.filter(scheme=scheme).count() == 3


@concurrent_db_only
def test_six_grants_at_once_commit_no_more_than_the_budget(
    resident, reviewer, programme_manager, small_scheme, municipality
):
    applications = submitted_applications(resident, reviewer, small_scheme, municipality, 6, 3000)
    results = run_together(
        [decide_in_thread(programme_manager.pk, a.pk, 3000) for a in applications]
    )
    assert_three_of_six_granted(small_scheme, applications, results)


@concurrent_db_only
def test_two_managers_at_once_share_one_budget(
    resident,
    reviewer,
    programme_manager,
    other_manager,
    small_scheme,
    municipality,
    other_municipality,
):
    """Hengelo's and Borne's managers each decide on their own applications at the same moment;
    together they may not spend more than the shared budget."""
    hengelo = submitted_applications(resident, reviewer, small_scheme, municipality, 3, 4000)
    borne = submitted_applications(
        resident, reviewer, small_scheme, other_municipality, 3, 4000, themes=()
    )
    calls = [decide_in_thread(programme_manager.pk, a.pk, 4000) for a in hengelo]
    calls += [decide_in_thread(other_manager.pk, a.pk, 4000) for a in borne]
    results = run_together(calls)
    successes = [value for outcome, value in results if outcome == "ok"]
    failures = [value for outcome, value in results if outcome == "error"]
    assert len(successes) == 2, results  # 2 × 4000 fits in 10,000, a third does not
    assert all(
        isinstance(e, ValidationError) and list(e.message_dict) == ["amount"] for e in failures
    ), results
    assert committed_euros(small_scheme) == 8000 <= BUDGET
    deciders = {d.decided_by_id for d in successes}
    assert deciders <= {programme_manager.pk, other_manager.pk}


@concurrent_db_only
def test_payments_at_once_never_exceed_the_grant(
    resident, reviewer, programme_manager, regional_manager, small_scheme, municipality
):
    [application] = submitted_applications(resident, reviewer, small_scheme, municipality, 1, 4000)
    assessment.application_decide(
        user=programme_manager,
        application=application,
        outcome=Outcome.GRANTED,
        amount=4000,
        reasoning="Prima.",
    )

    def pay(user_id):
        def call():
            return money_services.grant_pay(
                user=User.objects.get(pk=user_id),
                application=Application.objects.get(pk=application.pk),
                amount=1500,
            )

        return call

    results = run_together([pay(programme_manager.pk), pay(regional_manager.pk)] * 2)
    assert [outcome for outcome, _value in results].count("ok") == 2, results  # 2 × 1500
    paid = LedgerEntry.objects.filter(application=application, kind=EntryKind.PAY).aggregate(
        s=Sum("amount_euros")
    )["s"]
    assert paid == 3000 <= 4000


@concurrent_db_only
def test_two_clicks_at_once_make_one_application(resident, initiative, small_scheme):
    """One open application per initiative per scheme, also when "apply" is pressed twice."""

    def create():
        return application_services.application_create(
            user=User.objects.get(pk=resident.pk), initiative=initiative, scheme=small_scheme
        )

    results = run_together([create] * 4)
    assert [outcome for outcome, _value in results].count("ok") == 1, results
    assert all(
        isinstance(value, ValidationError) for outcome, value in results if outcome == "error"
    ), results
    assert Application.objects.filter(initiative=initiative, scheme=small_scheme).count() == 1
