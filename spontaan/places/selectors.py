import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import CityProfile, Municipality, Region


def municipality_list() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("region").order_by("name")


def municipality_choices() -> list[tuple[str, str]]:
    """(slug, name) of every municipality, by name: the options of a filter (no instances)."""
    return list(Municipality.objects.order_by("name").values_list("slug", "name"))


def municipality_get(*, slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.select_related("region", "profile"), slug=slug)


def region_name() -> str:
    """The region's name for the header; one installation serves one region."""
    name = cache.get("spontaan:region_name")
    if name is None:
        region = Region.objects.order_by("id").first()
        name = region.name if region else ""
        cache.set("spontaan:region_name", name, 300)
    return name


def city_profile_themes(*, municipality_id: int) -> list[str]:
    """The themes of a municipality's city profile ([] when it has no profile)."""
    themes = (
        CityProfile.objects.filter(municipality_id=municipality_id)
        .values_list("themes", flat=True)
        .first()
    )
    return [str(t) for t in themes or []]


@dataclass(frozen=True)
class FoundPlace:
    latitude: float
    longitude: float
    label: str
    is_municipality_centre: bool = False


_COORDINATES = re.compile(r"^\s*(-?\d{1,2}[.,]\d+)\s*[,;\s]\s*(-?\d{1,3}[.,]\d+)\s*$")
_WORDS = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def place_lookup(*, text: str) -> FoundPlace | None:
    """A point for what someone typed as an address, found without an outside service: two
    numbers are read as latitude and longitude ("52.2658, 6.7931"), and otherwise the centre of
    a municipality whose name is in the text ("Marktstraat 5, Hengelo"). The fallback when the
    address search of the map cannot be reached; None when nothing matches."""
    text = (text or "").strip()[:300]
    if not text:
        return None
    if match := _COORDINATES.match(text):
        latitude, longitude = (float(part.replace(",", ".")) for part in match.groups())
        return FoundPlace(latitude, longitude, f"{latitude:.5f}, {longitude:.5f}")
    words = {word.casefold() for word in _WORDS.findall(text)}
    for name, latitude, longitude in Municipality.objects.order_by("-name").values_list(
        "name", "latitude", "longitude"
    ):
        name_words = [word.casefold() for word in _WORDS.findall(name)]
        if name_words and all(word in words for word in name_words):
            return FoundPlace(latitude, longitude, name, is_municipality_centre=True)
    return None
