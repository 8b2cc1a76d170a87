"""Deciding, paying, releasing and reporting: who may, the rules, and that a refusal writes
nothing (no decision, no ledger entry, no timeline event, no audit entry)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from spontaan.accounts.models import Role, RoleGrant
from spontaan.clock.models import Clock
from spontaan.core.models import AuditEntry
from spontaan.core.workdays import add_working_days
from spontaan.initiatives.models import Initiative, Status, TimelineEvent
from spontaan.initiatives.tests.factories import join_team
from spontaan.notifications.models import Notification
from spontaan.tender.applications import assessment
from spontaan.tender.applications import services as application_services
from spontaan.tender.kinds import ClockKey, EventKey
from spontaan.tender.models import (
    Application,
    ApplicationStatus,
    Decision,
    EntryKind,
    LedgerEntry,
    Outcome,
    Reviewer,
    Scheme,
    SpendingReport,
    Submission,
    Tranche,
)
from spontaan.tender.money import services as money_services
from spontaan.tender.money.selectors import scheme_budget, scheme_ledger_state
from spontaan.tender.schemes import services as scheme_services

from .conftest import GOOD_LINES, draft_review, score_all
from .helpers import complete_draft, decide, money, new_initiative, tranche_scheme, writes_nothing

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(submitted, reviewer):
    score_all(reviewer, submitted, 4)
    return submitted


@pytest.fixture
def granted(assessed, programme_manager):
    decide(programme_manager, assessed, reasoning="Mooi plan.", conditions="Foto's achteraf.")
    return Application.objects.get(pk=assessed.pk)


# --- who decides ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["other_manager", "reviewer", "resident", "connector", "other_resident"]
)
def test_only_a_manager_of_the_initiatives_municipality_decides(request, assessed, who):
    user = request.getfixturevalue(who)
    for outcome in Outcome.values:
        with writes_nothing(), pytest.raises(PermissionDenied):
            decide(user, assessed, outcome)


@pytest.mark.parametrize("who", ["programme_manager", "regional_manager"])
def test_a_manager_of_hengelo_decides_on_a_hengelo_application(request, assessed, who):
    user = request.getfixturevalue(who)
    decision = decide(user, assessed, amount=6000)
    assert (decision.decided_by, decision.amount_euros) == (user, 6000)


def test_borne_decides_on_borne_applications(
    resident, other_municipality, scheme, reviewer, programme_manager, other_manager
):
    borne = new_initiative(resident, other_municipality, "Borne Bloeit")
    application = complete_draft(resident, borne, scheme, 2000, themes=())
    application = application_services.application_submit(user=resident, application=application)
    score_all(reviewer, application)
    with writes_nothing(), pytest.raises(PermissionDenied):
        decide(programme_manager, application, amount=2000)
    decide(other_manager, application, amount=2000)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.GRANTED


def test_an_unverified_manager_cannot_decide(assessed, programme_manager):
    programme_manager.email_verified_at = None
    with writes_nothing(), pytest.raises(PermissionDenied):
        decide(programme_manager, assessed)


# --- granting ---------------------------------------------------------------------------------


def test_a_grant_commits_the_amount_and_tells_everyone(granted, programme_manager, resident):
    assert (granted.status, granted.amount_granted) == (ApplicationStatus.GRANTED, 5000)
    decision = Decision.objects.get(application=granted)
    assert granted.decided_at == decision.decided_at
    assert (decision.outcome, decision.amount_euros, decision.conditions) == (
        Outcome.GRANTED,
        5000,
        "Foto's achteraf.",
    )
    entry = LedgerEntry.objects.get(application=granted)
    assert (entry.kind, entry.amount_euros, entry.created_by) == (
        EntryKind.COMMIT,
        5000,
        programme_manager,
    )
    assert entry.note == ""  # the kind and the application say it, in the reader's language
    assert scheme_budget(scheme=granted.scheme).available == 95_000
    event = TimelineEvent.objects.get(initiative=granted.initiative, kind=EventKey.DECISION)
    assert event.on_behalf_of_municipality and event.text == "Mooi plan."
    assert event.data["outcome"] == "granted" and event.data["amount"] == 5000
    audit = AuditEntry.objects.get(action="application.granted")
    assert (audit.actor, audit.object_id, audit.municipality_id) == (
        programme_manager,
        str(granted.pk),
        granted.initiative.municipality_id,
    )
    assert audit.changes["status"] == ["submitted", "granted"]
    assert Initiative.objects.get(pk=granted.initiative_id).status == Status.GRANTED
    assert not Clock.objects.get(kind=ClockKey.APPLICATION).is_open
    assert Notification.objects.filter(user=resident, kind="decision").exists()


@pytest.mark.parametrize("amount", [None, "", 0, -1, 6001, "veel", True, 2.5, "6000.0"])
def test_a_grant_is_a_whole_amount_up_to_what_was_asked(assessed, programme_manager, amount):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        decide(programme_manager, assessed, amount=amount)
    assert "amount" in exc.value.message_dict


def test_a_partial_grant_is_possible(assessed, programme_manager):
    decide(programme_manager, assessed, amount=1)
    assert Application.objects.get(pk=assessed.pk).amount_granted == 1


def test_a_grant_stays_within_a_lowered_maximum(
    assessed, scheme, regional_manager, programme_manager
):
    scheme_services.scheme_update(
        user=regional_manager, scheme=scheme, data={"max_per_initiative_euros": 4000}
    )
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        decide(programme_manager, assessed, amount=5000)
    assert "amount" in exc.value.message_dict
    decide(programme_manager, assessed, amount=4000)


@pytest.mark.parametrize(
    "outcome,kwargs,field",
    [
        ("maybe", {}, "outcome"),
        ("", {}, "outcome"),
        (Outcome.GRANTED, {"reasoning": ""}, "reasoning"),
        (Outcome.NOT_GRANTED, {"reasoning": "   "}, "reasoning"),
        (Outcome.RETURNED, {"reasoning": ""}, "reasoning"),
        (Outcome.GRANTED, {"reasoning": "x" * 8001}, "reasoning"),
        (Outcome.GRANTED, {"conditions": "x" * 8001}, "conditions"),
    ],
)
def test_bad_decisions_are_refused(assessed, programme_manager, outcome, kwargs, field):
    args = {"reasoning": "Goed plan.", **kwargs}
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        decide(programme_manager, assessed, outcome, **args)
    assert field in exc.value.message_dict


def test_a_grant_beyond_the_budget_is_refused_and_writes_nothing(
    scheme, regional_manager, programme_manager, resident, municipality, reviewer, assessed
):
    scheme_services.scheme_update(
        user=regional_manager,
        scheme=scheme,
        data={"budget_euros": 10_000, "max_per_initiative_euros": 6000},
        funders=[{"name": "Gemeenten", "amount_euros": 10_000}],
    )
    second = complete_draft(
        resident, new_initiative(resident, municipality, "Tweede"), scheme, 6000
    )
    second = application_services.application_submit(user=resident, application=second)
    score_all(reviewer, second)
    decide(programme_manager, assessed, amount=6000)
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        decide(programme_manager, second, amount=6000)
    assert "amount" in exc.value.message_dict
    assert "4000" in exc.value.message_dict["amount"][0]
    assert Clock.objects.get(
        kind=ClockKey.APPLICATION, subject_id=second.submissions.get().pk
    ).is_open
    # what does fit is granted
    decide(programme_manager, second, amount=4000)
    assert scheme_budget(scheme=Scheme.objects.get(pk=scheme.pk)).available == 0


# --- not granting and sending back ------------------------------------------------------------


def test_not_granting_answers_the_clock_and_commits_nothing(assessed, programme_manager):
    decide(
        programme_manager,
        assessed,
        Outcome.NOT_GRANTED,
        amount=4000,
        reasoning="Past niet bij het profiel.",
    )
    application = Application.objects.get(pk=assessed.pk)
    assert application.status == ApplicationStatus.NOT_GRANTED
    assert application.amount_granted is None and application.decided_at is not None
    assert Decision.objects.get().amount_euros is None
    assert not LedgerEntry.objects.exists()
    assert not Clock.objects.get(kind=ClockKey.APPLICATION).is_open
    assert Initiative.objects.get(pk=assessed.initiative_id).status == Status.NOT_GRANTED
    assert TimelineEvent.objects.filter(kind=EventKey.DECISION).count() == 1
    assert AuditEntry.objects.filter(action="application.not_granted").count() == 1


def test_sent_back_with_questions_the_team_answers_and_a_new_clock_runs(
    submitted, programme_manager, resident, reviewer
):
    decision = decide(
        programme_manager,
        submitted,
        Outcome.RETURNED,
        amount=3000,
        reasoning="Wie onderhoudt de bakken?",
    )
    assert decision.amount_euros is None
    application = Application.objects.get(pk=submitted.pk)
    assert application.status == ApplicationStatus.RETURNED and application.decided_at is None
    first_clock = Clock.objects.get(kind=ClockKey.APPLICATION)
    assert not first_clock.is_open and first_clock.first_answered_by == programme_manager
    assert TimelineEvent.objects.filter(kind=EventKey.DECISION).count() == 1
    assert AuditEntry.objects.filter(action="application.returned").count() == 1
    assert Initiative.objects.get(pk=submitted.initiative_id).status == Status.APPLIED
    with writes_nothing(), pytest.raises(ValidationError):
        score_all(reviewer, application)

    # the answer is required
    for answer in ("", "   ", "x" * 8001):
        with writes_nothing(), pytest.raises(ValidationError) as exc:
            application_services.application_submit(
                user=resident, application=application, answer_to_questions=answer
            )
        assert "answer_to_questions" in exc.value.message_dict
    # the team may change the plan in the meantime
    application_services.application_update(
        user=resident,
        application=application,
        data={"plan": "Groen op het Marktplein, met onderhoud."},
    )
    application_services.application_submit(
        user=resident, application=application, answer_to_questions="De buurt, met een rooster."
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.first_submitted_at < application.submitted_at
    second = Submission.objects.get(application=application, number=2)
    assert second.answer_to_questions == "De buurt, met een rooster."
    clock = Clock.objects.get(kind=ClockKey.APPLICATION, subject_id=second.pk)
    assert clock.is_open
    assert clock.due_on == add_working_days(timezone.localdate(), 20)
    event = TimelineEvent.objects.filter(kind=EventKey.APPLICATION).latest("pk")
    # the public timeline says the questions were answered, not what was asked or answered
    assert event.data["round"] == 2 and event.text == ""
    returned = TimelineEvent.objects.filter(kind=EventKey.DECISION).earliest("pk")
    assert returned.data["outcome"] == Outcome.RETURNED and returned.text == ""
    # and now it can be decided for good
    score_all(reviewer, application)
    decide(programme_manager, application, amount=6000)
    assert list(
        Decision.objects.filter(application=application).values_list("outcome", flat=True)
    ) == [Outcome.RETURNED, Outcome.GRANTED]


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.DRAFT,
        ApplicationStatus.RETURNED,
        ApplicationStatus.GRANTED,
        ApplicationStatus.NOT_GRANTED,
        ApplicationStatus.WITHDRAWN,
    ],
)
def test_only_a_submitted_application_is_decided(assessed, programme_manager, status):
    Application.objects.filter(pk=assessed.pk).update(status=status)
    application = Application.objects.get(pk=assessed.pk)
    for outcome in Outcome.values:
        with writes_nothing(), pytest.raises(ValidationError) as exc:
            decide(programme_manager, application, outcome)
        assert "outcome" in exc.value.message_dict


# --- reviews before decisions -----------------------------------------------------------------


def test_no_decision_before_a_panel_member_assessed(submitted, reviewer, programme_manager):
    for outcome in (Outcome.GRANTED, Outcome.NOT_GRANTED):
        with writes_nothing(), pytest.raises(ValidationError) as exc:
            decide(programme_manager, submitted, outcome)
        assert "outcome" in exc.value.message_dict
    # a review that is not yet submitted does not count
    draft_review(reviewer, submitted, 3, "Eerste indruk.")
    with writes_nothing(), pytest.raises(ValidationError):
        decide(programme_manager, submitted)
    score_all(reviewer, submitted)
    decide(programme_manager, submitted)


def test_when_every_panel_member_has_a_conflict_the_manager_decides_alone(
    submitted, reviewer, second_reviewer, programme_manager
):
    assessment.review_declare_conflict(user=reviewer, application=submitted, note="Buurman.")
    with writes_nothing(), pytest.raises(ValidationError):
        decide(programme_manager, submitted)
    assessment.review_declare_conflict(
        user=second_reviewer, application=submitted, note="Zit in de vereniging."
    )
    decide(programme_manager, submitted)
    assert Application.objects.get(pk=submitted.pk).status == ApplicationStatus.GRANTED


def test_a_panel_member_on_the_team_is_not_waited_for(
    submitted, reviewer, second_reviewer, resident, programme_manager
):
    """Nobody who cannot assess the application can hold up its decision."""
    join_team(inviter=resident, initiative=submitted.initiative, person=reviewer)
    assessment.review_declare_conflict(user=second_reviewer, application=submitted, note="Buurman.")
    decide(programme_manager, submitted)
    assert Application.objects.get(pk=submitted.pk).status == ApplicationStatus.GRANTED


def test_a_panel_member_without_the_reviewer_role_is_not_waited_for(
    submitted, reviewer, second_reviewer, programme_manager
):
    RoleGrant.objects.filter(user__in=[reviewer, second_reviewer], role=Role.REVIEWER).delete()
    assert Reviewer.objects.filter(scheme=submitted.scheme).count() == 2
    decide(programme_manager, submitted)
    assert Application.objects.get(pk=submitted.pk).status == ApplicationStatus.GRANTED


def test_without_a_panel_the_manager_decides_alone(
    programme_manager, municipality, resident, initiative, profile
):
    scheme = tranche_scheme(programme_manager, municipality)
    application = complete_draft(resident, initiative, scheme)
    application = application_services.application_submit(user=resident, application=application)
    Tranche.objects.filter(scheme=scheme).update(
        opens_on=timezone.localdate() - timedelta(days=30),
        closes_on=timezone.localdate() - timedelta(days=1),
    )
    assert not Reviewer.objects.filter(scheme=scheme).exists()
    decision = decide(
        programme_manager, Application.objects.get(pk=application.pk), Outcome.NOT_GRANTED
    )
    assert decision.outcome == Outcome.NOT_GRANTED
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.NOT_GRANTED
    assert not Clock.objects.get(kind=ClockKey.APPLICATION).is_open


# --- tranches ---------------------------------------------------------------------------------


def test_in_a_tranche_decisions_wait_until_it_closes(
    programme_manager, municipality, resident, initiative, profile
):
    scheme = tranche_scheme(programme_manager, municipality)
    application = complete_draft(resident, initiative, scheme)
    application = application_services.application_submit(user=resident, application=application)
    for outcome in (Outcome.GRANTED, Outcome.NOT_GRANTED):
        with writes_nothing(), pytest.raises(ValidationError) as exc:
            decide(programme_manager, application, outcome)
        assert "outcome" in exc.value.message_dict
    # the last day to apply is still within the tranche
    Tranche.objects.filter(scheme=scheme).update(closes_on=timezone.localdate())
    with writes_nothing(), pytest.raises(ValidationError):
        decide(programme_manager, Application.objects.get(pk=application.pk))
    # questions may be asked at any time
    decide(programme_manager, application, Outcome.RETURNED, reasoning="Hoeveel bakken?")
    application_services.application_submit(
        user=resident, application=application, answer_to_questions="Twaalf."
    )
    Tranche.objects.filter(scheme=scheme).update(
        opens_on=timezone.localdate() - timedelta(days=30),
        closes_on=timezone.localdate() - timedelta(days=1),
    )
    decide(programme_manager, Application.objects.get(pk=application.pk), amount=3000)
    assert Application.objects.get(pk=application.pk).amount_granted == 3000


# --- paying and releasing ---------------------------------------------------------------------


def test_payments_and_releases_follow_the_grant(granted, programme_manager, regional_manager):
    money_services.grant_pay(
        user=programme_manager, application=granted, amount=2000, note="Eerste termijn"
    )
    money_services.grant_pay(user=regional_manager, application=granted, amount=1000)
    money_services.grant_release(
        user=programme_manager, application=granted, amount=500, note="Niet nodig."
    )
    state = scheme_ledger_state(scheme=granted.scheme)
    assert (state.grant(granted.pk).committed, state.grant(granted.pk).paid) == (4500, 3000)
    assert money(granted.scheme) == (4500, 3000, 500, 95_500)
    assert AuditEntry.objects.filter(action="ledger.pay").count() == 2
    assert AuditEntry.objects.get(action="ledger.release").changes == {
        "amount": 500,
        "note": "Niet nodig.",
    }


def test_no_payment_beyond_what_is_committed_and_unpaid(granted, programme_manager):
    money_services.grant_pay(user=programme_manager, application=granted, amount=4000)
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        money_services.grant_pay(user=programme_manager, application=granted, amount=1001)
    assert "amount" in exc.value.message_dict
    with writes_nothing(), pytest.raises(ValidationError):
        money_services.grant_release(
            user=programme_manager, application=granted, amount=1001, note="Te veel."
        )
    money_services.grant_release(
        user=programme_manager, application=granted, amount=1000, note="Rest vrij."
    )
    with writes_nothing(), pytest.raises(ValidationError):
        money_services.grant_pay(user=programme_manager, application=granted, amount=1)
    with writes_nothing(), pytest.raises(ValidationError):
        money_services.grant_release(
            user=programme_manager, application=granted, amount=1, note="Niets meer."
        )


@pytest.mark.parametrize("amount", [0, -5, "veel", True, None, 2.5])
def test_bad_amounts_are_neither_paid_nor_released(granted, programme_manager, amount):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        money_services.grant_pay(user=programme_manager, application=granted, amount=amount)
    assert "amount" in exc.value.message_dict
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        money_services.grant_release(
            user=programme_manager, application=granted, amount=amount, note="Reden."
        )
    assert "amount" in exc.value.message_dict


@pytest.mark.parametrize("note", ["", "  ", "x" * 301])
def test_a_release_needs_a_note(granted, programme_manager, note):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        money_services.grant_release(
            user=programme_manager, application=granted, amount=100, note=note
        )
    assert "note" in exc.value.message_dict


def test_only_a_granted_application_is_paid_or_released(assessed, programme_manager):
    with writes_nothing(), pytest.raises(ValidationError):
        money_services.grant_pay(user=programme_manager, application=assessed, amount=100)
    decide(programme_manager, assessed, Outcome.NOT_GRANTED)
    with writes_nothing(), pytest.raises(ValidationError):
        money_services.grant_pay(user=programme_manager, application=assessed, amount=100)
    with writes_nothing(), pytest.raises(ValidationError):
        money_services.grant_release(
            user=programme_manager, application=assessed, amount=100, note="Vrij."
        )


@pytest.mark.parametrize("who", ["other_manager", "reviewer", "resident", "connector"])
def test_only_a_manager_of_the_municipality_pays_and_releases(request, granted, who):
    user = request.getfixturevalue(who)
    with writes_nothing(), pytest.raises(PermissionDenied):
        money_services.grant_pay(user=user, application=granted, amount=100)
    with writes_nothing(), pytest.raises(PermissionDenied):
        money_services.grant_release(user=user, application=granted, amount=100, note="Vrij.")


# --- the spending report ----------------------------------------------------------------------


def test_the_team_reports_spending_and_may_revise_it(granted, resident, programme_manager):
    report = money_services.spending_report_submit(
        user=resident, application=granted, realised_euros=4200, text="Bakken geplaatst."
    )
    assert (report.realised_euros, report.submitted_by) == (4200, resident)
    assert Notification.objects.filter(user=programme_manager, kind="update").exists()
    revised = money_services.spending_report_submit(
        user=resident, application=granted, realised_euros="5000", text="Ook bloembollen."
    )
    assert revised.pk == report.pk
    assert SpendingReport.objects.get().realised_euros == 5000
    events = TimelineEvent.objects.filter(kind=EventKey.REPORT).order_by("pk")
    assert [e.data["revised"] for e in events] == [False, True]
    # nothing spent is a valid report too
    money_services.spending_report_submit(
        user=resident, application=granted, realised_euros=0, text="Niet doorgegaan."
    )
    assert SpendingReport.objects.get().realised_euros == 0


@pytest.mark.parametrize(
    "realised,text,field",
    [
        (5001, "Meer uitgegeven.", "realised_euros"),  # more than granted
        (-1, "Min.", "realised_euros"),
        ("veel", "Tekst.", "realised_euros"),
        (None, "Tekst.", "realised_euros"),
        (4000, "", "text"),
        (4000, "x" * 8001, "text"),
    ],
)
def test_a_report_stays_within_the_grant(granted, resident, realised, text, field):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        money_services.spending_report_submit(
            user=resident, application=granted, realised_euros=realised, text=text
        )
    assert field in exc.value.message_dict


@pytest.mark.parametrize("who", ["other_resident", "programme_manager", "reviewer"])
def test_only_the_team_reports_spending(request, granted, who):
    user = request.getfixturevalue(who)
    with writes_nothing(), pytest.raises(PermissionDenied):
        money_services.spending_report_submit(
            user=user, application=granted, realised_euros=100, text="Niet van mij."
        )


def test_only_a_grant_gets_a_spending_report(assessed, resident):
    with writes_nothing(), pytest.raises(ValidationError):
        money_services.spending_report_submit(
            user=resident, application=assessed, realised_euros=100, text="Te vroeg."
        )


def test_a_grant_leaves_a_running_initiative_running(
    resident, submitted, reviewer, programme_manager
):
    Initiative.objects.filter(pk=submitted.initiative_id).update(status=Status.RUNNING)
    score_all(reviewer, submitted)
    decide(programme_manager, submitted, amount=3000, reasoning="Meer geld.")
    assert Initiative.objects.get(pk=submitted.initiative_id).status == Status.RUNNING


def test_the_maximum_counts_per_initiative_over_several_grants(
    resident, submitted, reviewer, programme_manager, scheme, regional_manager
):
    def second_application(amount):
        lines = [dict(GOOD_LINES[0], amount_euros=amount), *GOOD_LINES[1:]]
        return complete_draft(
            resident, submitted.initiative, scheme, amount, plan="Tweede deel.", lines=lines
        )

    # scheme maximum € 10,000 per initiative; the first application asks € 6,000
    score_all(reviewer, submitted)
    decide(programme_manager, submitted, amount=6000, reasoning="Eerste deel.")
    # a second application of the same initiative may ask only for what is left
    second = second_application(5000)
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_submit(user=resident, application=second)
    assert "amount_requested" in exc.value.message_dict
    application_services.application_withdraw(user=resident, application=second)
    # releasing unspent money of the first grant gives room back
    money_services.grant_release(
        user=programme_manager, application=submitted, amount=1000, note="Niet nodig."
    )
    second = application_services.application_submit(
        user=resident, application=second_application(5000)
    )
    score_all(reviewer, second)
    # and at the decision the room is checked again (the maximum was lowered meanwhile)
    scheme_services.scheme_update(
        user=regional_manager, scheme=scheme, data={"max_per_initiative_euros": 9000}
    )
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        decide(programme_manager, second, amount=5000, reasoning="Tweede deel.")
    assert "amount" in exc.value.message_dict
    decide(programme_manager, second, amount=4000, reasoning="Tweede deel.")
