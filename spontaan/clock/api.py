from datetime import date

from ninja import Router, Schema

from spontaan.core.api_auth import read_auth
from spontaan.core.api_schemas import MunicipalitySlug
from spontaan.places.selectors import municipality_get

from .figures import API_DEFINITION
from .selectors import Responsiveness, responsiveness_for, responsiveness_overview

router = Router(tags=["responsiveness"])


class MonthOut(Schema):
    month: date
    submitted: int
    answered: int
    answered_in_time: int
    median_days: float | None


class ResponsivenessOut(Schema):
    municipality: str
    service_level_days: int
    period_start: date
    submitted: int
    answered: int
    answered_in_time: int
    median_days: float | None
    p90_days: float | None
    open_total: int
    open_overdue: int
    months: list[MonthOut]
    definition: str


def _out(slug: str, r: Responsiveness) -> dict:
    return {
        "municipality": slug,
        "service_level_days": r.service_level_days,
        "period_start": r.period_start,
        "submitted": r.submitted,
        "answered": r.answered,
        "answered_in_time": r.answered_in_time,
        "median_days": r.median_days,
        "p90_days": r.p90_days,
        "open_total": r.open_total,
        "open_overdue": r.open_overdue,
        "months": [vars(m) for m in r.months],
        "definition": API_DEFINITION,
    }


@router.get(
    "",
    response=list[ResponsivenessOut],
    auth=read_auth,
    summary="Responsiveness of every municipality",
)
def list_responsiveness(request):
    return [_out(m.slug, r) for m, r in responsiveness_overview()]


@router.get(
    "/{slug}",
    response=ResponsivenessOut,
    auth=read_auth,
    summary="Responsiveness of one municipality",
)
def get_responsiveness(request, slug: MunicipalitySlug):
    municipality = municipality_get(slug=slug)
    return _out(municipality.slug, responsiveness_for(municipality=municipality))
