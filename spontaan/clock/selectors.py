"""Reads of the answer clock and the responsiveness figures.

Definitions (shown on the pages where the figures appear):
- time to first answer: working days (Monday–Friday without public holidays) from the day
  an item reached the municipality to the day of its first answer; 0 = the same day;
- answered in time: first answer on or before the service-level date;
- open past the service level: not yet answered and the service-level date has passed.
Figures cover items that reached the municipality in the last 12 months (the period).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from spontaan.analysis.stats import median, percentile
from spontaan.core.rows import first_with_total
from spontaan.places.models import Municipality
from spontaan.places.selectors import municipality_list

from .models import Clock

PERIOD_MONTHS = 12


@dataclass(kw_only=True)
class _AnswerFigures:
    """How many items reached the municipality, how many it answered (in time), and the
    median number of working days to the answer."""

    submitted: int = 0
    answered: int = 0
    answered_in_time: int = 0
    median_days: float | None = None

    @property
    def in_time_share(self) -> float | None:
        return self.answered_in_time / self.answered if self.answered else None


@dataclass(kw_only=True)
class MonthFigures(_AnswerFigures):
    month: date


@dataclass(kw_only=True)
class Responsiveness(_AnswerFigures):
    municipality_id: int
    service_level_days: int
    period_start: date
    p90_days: float | None = None
    open_total: int = 0
    open_overdue: int = 0
    months: list[MonthFigures] = field(default_factory=list)


def _month_start(day: date, back: int = 0) -> date:
    month_index = day.year * 12 + (day.month - 1) - back
    return date(month_index // 12, month_index % 12 + 1, 1)


def _figures(
    municipality: Municipality, rows: list[tuple], open_rows: list[tuple], today: date
) -> Responsiveness:
    start = _month_start(today, PERIOD_MONTHS - 1)
    result = Responsiveness(
        municipality_id=municipality.pk,
        service_level_days=municipality.first_answer_days,
        period_start=start,
    )
    months = {
        _month_start(today, back): MonthFigures(month=_month_start(today, back))
        for back in range(PERIOD_MONTHS - 1, -1, -1)
    }
    month_days: dict[date, list[int]] = {m: [] for m in months}
    all_days: list[int] = []
    for opened_at, due_on, answered_at, days in rows:
        opened_day = timezone.localdate(opened_at)
        month = months.get(_month_start(opened_day))
        if month is None:
            continue
        result.submitted += 1
        month.submitted += 1
        if answered_at is not None:
            in_time = timezone.localdate(answered_at) <= due_on
            result.answered += 1
            month.answered += 1
            result.answered_in_time += in_time
            month.answered_in_time += in_time
            all_days.append(days)
            month_days[month.month].append(days)
    for month_start, figures in months.items():
        figures.median_days = median(month_days[month_start])
    result.months = list(months.values())
    result.median_days = median(all_days)
    result.p90_days = percentile(all_days, 90)
    result.open_total = len(open_rows)
    result.open_overdue = sum(1 for (due_on,) in open_rows if due_on < today)
    return result


def responsiveness_for(*, municipality: Municipality, today: date | None = None) -> Responsiveness:
    today = today or timezone.localdate()
    start = _month_start(today, PERIOD_MONTHS - 1)
    rows = list(
        Clock.objects.filter(municipality=municipality, opened_at__date__gte=start).values_list(
            "opened_at", "due_on", "first_answered_at", "answer_working_days"
        )
    )
    open_rows = list(
        Clock.objects.filter(municipality=municipality, first_answered_at__isnull=True).values_list(
            "due_on"
        )
    )
    return _figures(municipality, rows, open_rows, today)


def responsiveness_overview(
    *, today: date | None = None
) -> list[tuple[Municipality, Responsiveness]]:
    """The figures of every municipality, in two queries."""
    today = today or timezone.localdate()
    start = _month_start(today, PERIOD_MONTHS - 1)
    municipalities = list(municipality_list())
    rows: dict[int, list[tuple]] = {m.pk: [] for m in municipalities}
    open_rows: dict[int, list[tuple]] = {m.pk: [] for m in municipalities}
    for municipality_id, opened_at, due_on, answered_at, days in Clock.objects.filter(
        opened_at__date__gte=start
    ).values_list(
        "municipality_id", "opened_at", "due_on", "first_answered_at", "answer_working_days"
    ):
        rows[municipality_id].append((opened_at, due_on, answered_at, days))
    for municipality_id, due_on in Clock.objects.filter(first_answered_at__isnull=True).values_list(
        "municipality_id", "due_on"
    ):
        open_rows[municipality_id].append((due_on,))
    return [(m, _figures(m, rows[m.pk], open_rows[m.pk], today)) for m in municipalities]


def clock_queue(*, municipality_ids: list[int]) -> QuerySet[Clock]:
    """Open items for these municipalities, longest waiting first."""
    return (
        Clock.objects.filter(municipality_id__in=municipality_ids, first_answered_at__isnull=True)
        .select_related("municipality", "initiative")
        .order_by("opened_at", "id")
    )


def clock_queue_first(*, municipality_ids: list[int], limit: int) -> tuple[list[Clock], int]:
    """The open items of these municipalities that are due soonest (overdue first), the first
    `limit`, and how many are open in all, in one query."""
    qs = clock_queue(municipality_ids=municipality_ids).order_by("due_on", "opened_at", "id")
    return first_with_total(qs, limit)


def clocks_open_for_initiatives(*, initiative_ids: Iterable[int]) -> dict[int, list[Clock]]:
    """The open clocks of these initiatives, per initiative, soonest due first (one query)."""
    found: dict[int, list[Clock]] = defaultdict(list)
    ids = list(initiative_ids)
    if not ids:
        return found
    for clock in Clock.objects.filter(
        initiative_id__in=ids, first_answered_at__isnull=True
    ).order_by("due_on", "opened_at", "id"):
        found[clock.initiative_id].append(clock)
    return found


def clock_open_for_initiative(*, initiative_id: int) -> list[Clock]:
    return list(
        Clock.objects.filter(initiative_id=initiative_id, first_answered_at__isnull=True).order_by(
            "opened_at"
        )
    )


def clocks_for_initiative(*, initiative_id: int, kind: str | None = None) -> list[Clock]:
    """Every clock of an initiative (open or answered), oldest first."""
    qs = Clock.objects.filter(initiative_id=initiative_id).select_related("municipality")
    if kind is not None:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("opened_at", "id"))


def clock_get(*, kind: str, subject_id: int) -> Clock | None:
    return (
        Clock.objects.filter(kind=kind, subject_id=subject_id)
        .select_related("municipality")
        .first()
    )


def clock_open_by_subject(*, kind: str, subject_ids: Iterable[int]) -> dict[int, Clock]:
    """Subject id → its open clock of this kind (answered clocks are left out), in one query.
    A clock's `due_on` is fixed when it starts: read it here rather than computing it again."""
    return {
        clock.subject_id: clock
        for clock in Clock.objects.filter(
            kind=kind, subject_id__in=list(subject_ids), first_answered_at__isnull=True
        )
    }
