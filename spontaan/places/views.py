from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import user_has_role
from spontaan.clock.selectors import responsiveness_for
from spontaan.core.forms import apply_errors
from spontaan.initiatives.selectors import InitiativeFilters, initiative_list, municipality_counts

from .forms import CityProfileForm
from .models import CityProfile
from .selectors import municipality_get, municipality_list
from .services import city_profile_update


@require_GET
def municipality_list_view(request):
    counts = municipality_counts(user=request.user)
    rows = [(m, counts.get(m.pk, 0)) for m in municipality_list()]
    return render(request, "places/municipality_list.html", {"rows": rows})


@require_GET
def municipality_detail(request, slug):
    municipality = municipality_get(slug=slug)
    profile = getattr(municipality, "profile", None) or CityProfile(municipality=municipality)
    latest = initiative_list(
        user=request.user, filters=InitiativeFilters(municipality=municipality.slug)
    )[:6]
    return render(
        request,
        "places/municipality_detail.html",
        {
            "municipality": municipality,
            "profile": profile,
            "latest": latest,
            "figures": responsiveness_for(municipality=municipality),
            "can_edit": user_has_role(
                user=request.user, municipality_id=municipality.pk, role=Role.PROGRAMME_MANAGER
            ),
        },
    )


@login_required
def profile_edit(request, slug):
    municipality = municipality_get(slug=slug)
    if not user_has_role(
        user=request.user, municipality_id=municipality.pk, role=Role.PROGRAMME_MANAGER
    ):
        raise PermissionDenied
    profile = getattr(municipality, "profile", None) or CityProfile(municipality=municipality)
    status = 200
    if request.method == "POST":
        status = 400
        form = CityProfileForm(request.POST)
        if form.is_valid():
            try:
                city_profile_update(
                    user=request.user, municipality=municipality, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The city profile has been saved."))
                return redirect(municipality.get_absolute_url())
    else:
        form = CityProfileForm(
            initial={
                "text": profile.text,
                "themes": "\n".join(profile.themes),
                "goals": profile.goals,
            }
        )
    return render(
        request,
        "places/profile_edit.html",
        {"municipality": municipality, "form": form},
        status=status,
    )
