from ninja import Router, Schema

from spontaan.core.api_auth import read_auth
from spontaan.core.api_schemas import MunicipalitySlug

from .selectors import municipality_get, municipality_list

router = Router(tags=["municipalities"])


class MunicipalityOut(Schema):
    slug: str
    name: str
    region: str
    latitude: float
    longitude: float
    first_answer_days: int
    fast_lane_days: int


class CityProfileOut(Schema):
    text: str
    themes: list[str]
    goals: str


class MunicipalityDetailOut(MunicipalityOut):
    profile: CityProfileOut | None


def _out(m) -> dict:
    return {
        "slug": m.slug,
        "name": m.name,
        "region": m.region.name,
        "latitude": m.latitude,
        "longitude": m.longitude,
        "first_answer_days": m.first_answer_days,
        "fast_lane_days": m.fast_lane_days,
    }


@router.get("", response=list[MunicipalityOut], auth=read_auth, summary="List municipalities")
def list_municipalities(request):
    return [_out(m) for m in municipality_list()]


@router.get(
    "/{slug}",
    response=MunicipalityDetailOut,
    auth=read_auth,
    summary="A municipality with its city profile",
)
def get_municipality(request, slug: MunicipalitySlug):
    m = municipality_get(slug=slug)
    profile = getattr(m, "profile", None)
    data = _out(m)
    data["profile"] = (
        {"text": profile.text, "themes": profile.themes, "goals": profile.goals}
        if profile
        else None
    )
    return data
