"""Writes of the answer clock: start a clock when something is addressed to the municipality,
stop it at the municipality's first answer."""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from spontaan.accounts.models import User
from spontaan.core.pagecache import area, touch
from spontaan.core.workdays import add_working_days, working_days_between
from spontaan.places.models import Municipality

from .kinds import clock_kinds
from .models import Clock


def _touch(clock: Clock) -> None:
    """A clock shows on the responsiveness pages, its municipality's pages, the home page
    and its initiative's page."""
    touch(
        "responsiveness",
        area("municipality", clock.municipality.slug),
        area("initiative", clock.initiative_id) if clock.initiative_id else "",
    )


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
    days = clock_kinds.get(kind).service_days(municipality, is_fast_lane)
    clock = Clock.objects.create(
        municipality=municipality,
        kind=kind,
        subject_id=subject_id,
        initiative_id=initiative_id,
        title=title[:200],
        is_fast_lane=is_fast_lane,
        opened_at=opened_at,
        due_on=due_on or add_working_days(timezone.localdate(opened_at), days),
    )
    _touch(clock)
    return clock


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
    _touch(clock)
    return clock


@transaction.atomic
def clock_backdate(
    *,
    clock: Clock,
    opened_at: datetime,
    answered_at: datetime | None = None,
    due_on: date | None = None,
    keep_due_on: bool = False,
) -> Clock:
    """Demo data only: move a clock into the past.

    The due date follows the kind's service level from the new opening day, unless `due_on` is
    given or `keep_due_on` is set. An answered clock gets its first answer at `answered_at`.
    """
    clock.opened_at = opened_at
    if due_on is not None:
        clock.due_on = due_on
    elif not keep_due_on:
        days = clock_kinds.get(clock.kind).service_days(clock.municipality, clock.is_fast_lane)
        clock.due_on = add_working_days(timezone.localdate(opened_at), days)
    if clock.first_answered_at is not None and answered_at is not None:
        clock.first_answered_at = answered_at
        clock.answer_working_days = working_days_between(
            timezone.localdate(opened_at), timezone.localdate(answered_at)
        )
    clock.save(update_fields=["opened_at", "due_on", "first_answered_at", "answer_working_days"])
    _touch(clock)
    return clock


@transaction.atomic
def clock_discard(*, kind: str, subject_ids: Iterable[int]) -> int:
    """Remove the open clocks of these subjects: the item no longer waits on the municipality
    (it was withdrawn), and an answer that never came is not one that came late. Answered
    clocks stay. Returns how many were removed."""
    open_clocks = Clock.objects.filter(
        kind=kind, subject_id__in=list(subject_ids), first_answered_at__isnull=True
    )
    for clock in open_clocks.select_related("municipality"):
        _touch(clock)
    deleted, _by_model = open_clocks.delete()
    return deleted
