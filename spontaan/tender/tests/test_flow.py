"""The main flow through the services: apply, score, decide, pay, report, release."""

from spontaan.clock.models import Clock
from spontaan.initiatives.models import Status
from spontaan.tender.kinds import ClockKey, EventKey
from spontaan.tender.models import ApplicationStatus
from spontaan.tender.money import services as money_services

from .conftest import score_all
from .helpers import decide, money


def test_apply_score_grant_pay_report_release(
    resident, submitted, reviewer, second_reviewer, programme_manager
):
    application = submitted
    assert application.status == ApplicationStatus.SUBMITTED
    application.initiative.refresh_from_db()
    assert application.initiative.status == Status.APPLIED
    clock = Clock.objects.get(kind=ClockKey.APPLICATION)
    assert clock.is_open

    score_all(reviewer, application, 4)
    score_all(second_reviewer, application, 3)
    decide(
        programme_manager,
        application,
        reasoning="Versterkt het profiel.",
        conditions="Foto's achteraf.",
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.GRANTED
    assert application.amount_granted == 5000
    assert not Clock.objects.get(pk=clock.pk).is_open
    application.initiative.refresh_from_db()
    assert application.initiative.status == Status.GRANTED
    assert application.initiative.events.filter(kind=EventKey.DECISION).exists()
    assert money(application.scheme) == (5000, 0, 0, 95_000)

    money_services.grant_pay(user=programme_manager, application=application, amount=3000)
    money_services.spending_report_submit(
        user=resident, application=application, realised_euros=4200, text="Bakken geplaatst."
    )
    money_services.grant_pay(user=programme_manager, application=application, amount=1200)
    money_services.grant_release(
        user=programme_manager, application=application, amount=800, note="Niet besteed."
    )
    assert money(application.scheme) == (4200, 4200, 800, 95_800)
