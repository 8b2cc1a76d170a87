from django import forms
from django.utils.translation import gettext_lazy as _

from spontaan.core.validation import max_length
from spontaan.places.models import CityProfile


class CityProfileForm(forms.Form):
    text = forms.CharField(
        label=_("Profile"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=max_length(CityProfile, "text"),
    )
    themes = forms.CharField(
        label=_("Themes"),
        required=False,
        help_text=_("One theme per line, e.g. “meeting place”, “green”, “culture”."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    goals = forms.CharField(
        label=_("Goals"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=max_length(CityProfile, "goals"),
    )

    def clean_themes(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["themes"].splitlines() if line.strip()]
