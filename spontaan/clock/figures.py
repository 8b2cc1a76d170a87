"""The responsiveness figures, registered once with their definitions (core.figures).

The values come from `selectors.responsiveness_overview`, the only place they are computed.
"""

from django.utils.translation import gettext_lazy as _

from spontaan.core.figures import COUNT, SHARE, WORKING_DAYS, Figure, figures

from .selectors import responsiveness_overview

# The definition the API gives with the figures (in English, whatever the reader's language).
API_DEFINITION = (
    "Time to first answer in working days (Monday to Friday without Dutch public holidays) "
    "from the day an item reached the municipality to the day of its first answer; 0 is the "
    "same day. Items that reached the municipality in the 12 months up to today. Open past the "
    "service level: not answered and the service-level date has passed (counted today)."
)

_TIME = _(
    "Time to first answer: working days (Monday to Friday without public holidays) from the day "
    "the item reached the municipality to the day of its first answer; 0 means the same day. "
    "Median: half of the answers came faster. 90th percentile: nine in ten answers came within "
    "this time."
)
_IN_TIME = _(
    "Answered in time: the first answer came on or before the date of the service level. Open "
    "past the service level: no answer yet, and that date has passed (counted today). The "
    "figures cover what reached the municipality in the last 12 months."
)


def _by_municipality(attribute: str):
    def compute() -> dict[int, object]:
        return {m.pk: getattr(r, attribute) for m, r in responsiveness_overview()}

    compute.__name__ = f"responsiveness_{attribute}"
    return compute


FIGURES = [
    Figure(
        key="clock.median_days",
        label=_("median time to first answer"),
        definition=_TIME,
        unit=WORKING_DAYS,
        by_municipality=_by_municipality("median_days"),
        order=20,
        on_overview=True,
    ),
    Figure(
        key="clock.p90_days",
        label=_("90th percentile of the time to first answer"),
        definition=_TIME,
        unit=WORKING_DAYS,
        by_municipality=_by_municipality("p90_days"),
        order=21,
    ),
    Figure(
        key="clock.in_time_share",
        label=_("answered in time"),
        definition=_IN_TIME,
        unit=SHARE,
        by_municipality=_by_municipality("in_time_share"),
        order=22,
    ),
    Figure(
        key="clock.open_overdue",
        label=_("open past the service level"),
        definition=_IN_TIME,
        unit=COUNT,
        by_municipality=_by_municipality("open_overdue"),
        order=23,
    ),
]


def register() -> None:
    for figure in FIGURES:
        figures.register(figure)
