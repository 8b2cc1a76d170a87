"""Rules of the tender that several parts use, as plain data and pure functions."""

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext_lazy as _

from .models import ApplicationStatus, LineSource, Tranche

# An application its team can still change (and add attachments to): a draft, or one that
# was sent back with questions.
EDITABLE_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.RETURNED})
# Not decided and not withdrawn: an initiative has at most one such application per scheme,
# and its team can withdraw it.
OPEN_STATUSES = frozenset(
    {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED}
)
# Not counted as received by the scheme: never submitted, or withdrawn.
NOT_RECEIVED_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN})

# The fields of a scheme its programme managers can change after setting it up.
SCHEME_EDITABLE_FIELDS = (
    "name",
    "purpose",
    "budget_euros",
    "max_per_initiative_euros",
    "min_cofinancing_percent",
    "eligible_categories",
    "score_max",
    "decision_days",
)
# The fields of an application its team can change.
APPLICATION_EDITABLE_FIELDS = ("amount_requested", "plan", "themes", "wants_pitch", "budget_lines")

TRANCHE_CLOSED, TRANCHE_UPCOMING, TRANCHE_OPEN = "closed", "upcoming", "open"
TRANCHE_STATE_LABELS = {
    TRANCHE_CLOSED: _("closed"),
    TRANCHE_UPCOMING: _("not open yet"),
    TRANCHE_OPEN: _("open now"),
}


def tranche_state(tranche: Tranche, day: date) -> str:
    """A tranche takes applications from its opening to its closing date, both included."""
    if tranche.closes_on < day:
        return TRANCHE_CLOSED
    if tranche.opens_on > day:
        return TRANCHE_UPCOMING
    return TRANCHE_OPEN


def budget_totals(lines: Iterable) -> dict:
    """Total cost, asked from the scheme, co-financing (own plus other funders)."""
    total = asked = 0
    for line in lines:
        amount = line["amount_euros"] if isinstance(line, dict) else line.amount_euros
        source = line["source"] if isinstance(line, dict) else line.source
        total += amount
        if source == LineSource.SCHEME:
            asked += amount
    cofinancing = total - asked
    return {
        "total": total,
        "asked": asked,
        "cofinancing": cofinancing,
        "cofinancing_percent": round(100 * cofinancing / total, 1) if total else 0.0,
    }
