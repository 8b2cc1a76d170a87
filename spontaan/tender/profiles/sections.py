from django.http import HttpRequest

from spontaan.core.sections import MUNICIPALITY_PAGE, PageSection
from spontaan.places.models import Municipality

from .services import city_profile_may_edit


def profile_edit_link(request: HttpRequest, municipality: Municipality) -> dict | None:
    if not city_profile_may_edit(user=request.user, municipality=municipality):
        return None
    return {"municipality": municipality}


SECTIONS = [
    PageSection(
        key="tender.city_profile_edit",
        page=MUNICIPALITY_PAGE,
        template="tender/_municipality_profile_edit.html",
        context=profile_edit_link,
        order=5,
    )
]
