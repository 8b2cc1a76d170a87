"""The demo scheme tells the pilot's story: a first tranche with 15 grants, then a rolling
tender with 8 more, a budget that holds, and work waiting for the panel."""

import pytest
from django.core.management import call_command

from spontaan.accounts.models import User
from spontaan.tender.applications.selectors import review_queue
from spontaan.tender.models import Application, ApplicationStatus, LedgerEntry, Mode, Scheme
from spontaan.tender.money.selectors import scheme_budget
from spontaan.tender.schemes.selectors import scheme_phases


@pytest.mark.django_db
def test_demo_scheme_has_a_first_tranche_of_15_and_a_rolling_phase_of_8(capsys):
    call_command("demo")
    scheme = Scheme.objects.get(slug="spontane-binnenstad")
    granted = Application.objects.filter(scheme=scheme, status=ApplicationStatus.GRANTED)
    assert granted.filter(mode=Mode.TRANCHES, tranche__name="Eerste tranche").count() == 15
    assert granted.filter(mode=Mode.ROLLING).count() == 8
    assert [p.mode for p in scheme_phases(scheme=scheme)] == [Mode.TRANCHES, Mode.ROLLING]
    assert scheme.mode == Mode.ROLLING

    budget = scheme_budget(scheme=scheme)
    assert 0 < budget.committed <= budget.budget
    assert budget.paid <= budget.committed
    assert budget.committed == sum(a.amount_granted for a in granted) - budget.released

    # a waiting application for the panel and a draft that wants to pitch
    assert Application.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 1
    assert Application.objects.filter(status=ApplicationStatus.DRAFT, wants_pitch=True).exists()
    hanna = User.objects.get(email="beoordelaar.hengelo@demo.spontaan.nl")
    assert len(review_queue(user=hanna).waiting) == 1

    # loading again changes nothing
    entries = LedgerEntry.objects.count()
    call_command("demo")
    assert LedgerEntry.objects.count() == entries
    assert Scheme.objects.count() == 1
