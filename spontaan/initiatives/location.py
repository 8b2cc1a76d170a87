"""Finding the point of an initiative without a mouse and without an outside service: the
fallback of the map's address search (a JSON answer for the map script) and the form's own
lookup when an address is sent without a point (see `InitiativeForm`)."""

import re

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from spontaan.places.selectors import FoundPlace, place_lookup


def found_label(place: FoundPlace) -> str:
    """What the person is told about a point found for their text."""
    if place.is_municipality_centre:
        return _("the centre of %(municipality)s") % {"municipality": place.label}
    return place.label


@require_GET
def place_search(request):
    """`?q=…`: the point for an address typed in the form, looked up here (a municipality's
    centre, or coordinates typed as text); `{"found": false}` when nothing matches."""
    place = place_lookup(text=request.GET.get("q", ""))
    if place is None:
        return JsonResponse({"found": False})
    return JsonResponse(
        {
            "found": True,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "label": found_label(place),
            "approximate": place.is_municipality_centre,
        }
    )


def place_name(*, address: str, municipality: str) -> str:
    """Where an initiative is, for people to read: its address with its municipality (unless
    the address names it already), or the municipality alone; never the coordinates."""
    address = (address or "").strip()
    if not address:
        return municipality
    if re.search(rf"\b{re.escape(municipality)}\b", address, re.IGNORECASE):
        return address
    return f"{address}, {municipality}"
