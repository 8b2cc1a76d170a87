"""Editing a municipality's city profile, which the tender's criteria refer to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spontaan.core.forms import apply_errors
from spontaan.places.models import CityProfile
from spontaan.places.selectors import municipality_get

from .forms import CityProfileForm
from .services import city_profile_may_edit, city_profile_update


@login_required
def profile_edit(request, slug):
    municipality = municipality_get(slug=slug)
    if not city_profile_may_edit(user=request.user, municipality=municipality):
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
        "tender/profile_edit.html",
        {"municipality": municipality, "form": form},
        status=status,
    )
