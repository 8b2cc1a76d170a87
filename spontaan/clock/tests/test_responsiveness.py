from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from spontaan.clock.models import Clock
from spontaan.clock.selectors import responsiveness_for
from spontaan.clock.services import clock_answer, clock_start

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _item(municipality, subject_id, opened: date, answered: date | None, user):
    clock = clock_start(
        municipality=municipality,
        kind="ask",
        subject_id=subject_id,
        title=f"item {subject_id}",
        opened_at=datetime(opened.year, opened.month, opened.day, 10, tzinfo=AMS),
    )
    if answered:
        clock_answer(
            kind="ask",
            subject_id=subject_id,
            user=user,
            answered_at=datetime(answered.year, answered.month, answered.day, 15, tzinfo=AMS),
        )
    return clock


def test_median_p90_in_time_and_overdue_are_computed_from_the_clocks(municipality, connector):
    today = date(2026, 11, 23)  # a Monday; service level 10 working days
    # answered after 0, 1, 5, 10 and 15 working days, all opened on Mondays in November
    _item(municipality, 1, date(2026, 11, 2), date(2026, 11, 2), connector)
    _item(municipality, 2, date(2026, 11, 2), date(2026, 11, 3), connector)
    _item(municipality, 3, date(2026, 11, 2), date(2026, 11, 9), connector)
    _item(municipality, 4, date(2026, 11, 2), date(2026, 11, 16), connector)
    _item(municipality, 5, date(2026, 11, 2), date(2026, 11, 23), connector)
    _item(municipality, 6, date(2026, 11, 2), None, connector)  # open, due 16 Nov: overdue
    _item(municipality, 7, date(2026, 11, 20), None, connector)  # open, not yet due
    r = responsiveness_for(municipality=municipality, today=today)
    assert r.submitted == 7 and r.answered == 5
    assert r.median_days == 5
    assert r.p90_days == pytest.approx(13.0)  # between 10 and 15
    assert r.answered_in_time == 4
    assert (r.open_total, r.open_overdue) == (2, 1)
    november = r.months[-1]
    assert november.month == date(2026, 11, 1) and november.submitted == 7
    assert len(r.months) == 12


def test_only_the_first_answer_counts(municipality, connector, programme_manager):
    clock = _item(municipality, 9, date(2026, 11, 2), date(2026, 11, 3), connector)
    clock_answer(kind="ask", subject_id=9, user=programme_manager)
    clock.refresh_from_db()
    assert clock.first_answered_by == connector and clock.answer_working_days == 1


def test_the_fast_lane_has_its_own_deadline(municipality):
    clock = clock_start(
        municipality=municipality,
        kind="ask",
        subject_id=3,
        title="klein",
        is_fast_lane=True,
        opened_at=datetime(2026, 11, 20, 9, tzinfo=AMS),
    )
    assert clock.due_on == date(2026, 11, 25)  # Friday + 3 working days


def test_responsiveness_pages_and_queue(client, municipality, connector, resident, initiative):
    assert client.get("/reactiesnelheid/").status_code == 200
    page = client.get(f"/reactiesnelheid/{municipality.slug}/")
    assert page.status_code == 200 and b"<svg" in page.content
    assert client.get("/reactiesnelheid/werkvoorraad/").status_code == 302  # log in first
    client.force_login(resident)
    assert client.get("/reactiesnelheid/werkvoorraad/").status_code == 403
    client.force_login(connector)
    queue = client.get("/reactiesnelheid/werkvoorraad/").content.decode()
    assert initiative.title in queue
    Clock.objects.update(
        opened_at=Clock.objects.get().opened_at - timedelta(days=60), due_on=date(2020, 1, 1)
    )
    assert (
        "overdue" in client.get("/reactiesnelheid/werkvoorraad/").content.decode()
        or "te laat" in client.get("/reactiesnelheid/werkvoorraad/").content.decode()
    )
