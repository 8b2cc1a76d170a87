"""Forms only parse; the services check and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from spontaan.core.validation import max_length

from .models import Case, Reason, Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"), choices=Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Only moderators read this."),
        required=False,
        max_length=max_length(Report, "note"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Reason.choices)
    note = forms.CharField(
        label=_("Explanation for the author"),
        help_text=_("The author reads this with the hidden content. No personal data."),
        required=False,
        max_length=max_length(Case, "note"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("Why should it be visible again?"),
        max_length=max_length(Case, "objection"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
