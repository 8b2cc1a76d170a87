"""Reading and discarding the open clocks of given subjects."""

from datetime import date

import pytest

from spontaan.clock.models import Clock
from spontaan.clock.selectors import clock_open_by_subject
from spontaan.clock.services import clock_answer, clock_discard, clock_start

pytestmark = pytest.mark.django_db


def _start(municipality, subject_id, kind="application"):
    return clock_start(
        municipality=municipality,
        kind=kind,
        subject_id=subject_id,
        title=f"Item {subject_id}",
        due_on=date(2030, 1, 1),
    )


def test_open_clocks_by_subject_keep_their_due_date(municipality, programme_manager):
    _start(municipality, 1)
    _start(municipality, 2)
    _start(municipality, 3, kind="ask")
    clock_answer(kind="application", subject_id=2, user=programme_manager)
    found = clock_open_by_subject(kind="application", subject_ids=[1, 2, 3])
    assert list(found) == [1]
    assert found[1].due_on == date(2030, 1, 1)


def test_discarding_removes_only_open_clocks_of_the_subjects(municipality, programme_manager):
    _start(municipality, 1)
    _start(municipality, 2)
    _start(municipality, 3)
    _start(municipality, 1, kind="ask")
    clock_answer(kind="application", subject_id=2, user=programme_manager)
    assert clock_discard(kind="application", subject_ids=[1, 2]) == 1
    assert sorted(Clock.objects.values_list("kind", "subject_id")) == [
        ("application", 2),
        ("application", 3),
        ("ask", 1),
    ]
