from django.shortcuts import render
from django.views.decorators.http import require_GET

from spontaan.core.figures import figure_values

from .models import CityProfile
from .selectors import municipality_get, municipality_list


@require_GET
def municipality_list_view(request):
    municipalities = municipality_list()
    values = figure_values([m.pk for m in municipalities], overview=True)
    rows = [(m, values[m.pk]) for m in municipalities]
    return render(request, "places/municipality_list.html", {"rows": rows})


@require_GET
def municipality_detail(request, slug):
    municipality = municipality_get(slug=slug)
    profile = getattr(municipality, "profile", None) or CityProfile(municipality=municipality)
    return render(
        request,
        "places/municipality_detail.html",
        {
            "municipality": municipality,
            "profile": profile,
        },
    )
