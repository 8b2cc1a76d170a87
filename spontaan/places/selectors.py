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
