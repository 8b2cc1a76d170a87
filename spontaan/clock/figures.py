"""The responsiveness figures, registered once with their definitions (core.figures).

The values come from `selectors.responsiveness_overview`, the only place they are computed.
"""

from django.utils.translation import gettext_lazy as _

from spontaan.core.figures import COUNT, SHARE, WORKING_DAYS, Figure, figures
from spontaan.core.registry import register_all

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


# (attribute of the overview's rows, label, definition, unit), in the order they are shown.
_ROWS = [
    ("median_days", _("median time to first answer"), _TIME, WORKING_DAYS),
    ("p90_days", _("90th percentile of the time to first answer"), _TIME, WORKING_DAYS),
    ("in_time_share", _("answered in time"), _IN_TIME, SHARE),
    ("open_overdue", _("open past the service level"), _IN_TIME, COUNT),
]
_ON_OVERVIEW = {"median_days"}

FIGURES = [
    Figure(
        key=f"clock.{attribute}",
        label=label,
        definition=definition,
        unit=unit,
        by_municipality=_by_municipality(attribute),
        order=order,
        on_overview=attribute in _ON_OVERVIEW,
    )
    for order, (attribute, label, definition, unit) in enumerate(_ROWS, start=20)
]


def register() -> None:
    register_all((figures, FIGURES))
