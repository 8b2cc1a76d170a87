"""Writes of the answer clock: start a clock when something is addressed to the municipality,
stop it at the municipality's first answer."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from spontaan.accounts.models import User
from spontaan.core.workdays import add_working_days, working_days_between
from spontaan.places.models import Municipality

from .models import Clock


@transaction.atomic
def clock_start(
    *,
    municipality: Municipality,
    kind: str,
    subject_id: int,
    title: str,
    initiative_id: int | None = None,
    is_fast_lane: bool = False,
    opened_at: datetime | None = None,
    due_on: date | None = None,
) -> Clock:
    """`due_on` overrides the municipality's service level (a tranche's decision date, a
    scheme's decision term)."""
    opened_at = opened_at or timezone.now()
    days = municipality.fast_lane_days if is_fast_lane else municipality.first_answer_days
    return Clock.objects.create(
        municipality=municipality,
        kind=kind,
        subject_id=subject_id,
        initiative_id=initiative_id,
        title=title[:200],
        is_fast_lane=is_fast_lane,
        opened_at=opened_at,
        due_on=due_on or add_working_days(timezone.localdate(opened_at), days),
    )


@transaction.atomic
def clock_answer(
    *, kind: str, subject_id: int, user: User, answered_at: datetime | None = None
) -> Clock | None:
    """Record the first answer. Later answers leave the clock as it is."""
    clock = Clock.objects.select_for_update().filter(kind=kind, subject_id=subject_id).first()
    if clock is None or clock.first_answered_at is not None:
        return clock
    answered_at = answered_at or timezone.now()
    clock.first_answered_at = answered_at
    clock.first_answered_by = user
    clock.answer_working_days = working_days_between(
        timezone.localdate(clock.opened_at), timezone.localdate(answered_at)
    )
    clock.save(update_fields=["first_answered_at", "first_answered_by", "answer_working_days"])
    return clock
