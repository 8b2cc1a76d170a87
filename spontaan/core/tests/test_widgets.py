"""core.widgets renders exactly what Django's widget templates render."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from spontaan.core.widgets import FormRenderer


class _Everything(forms.Form):
    name = forms.CharField(max_length=10, help_text="x", widget=forms.TextInput(attrs={"a": 1}))
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    count = forms.IntegerField(min_value=0, max_value=10_000)
    amount = forms.DecimalField(decimal_places=2)
    site = forms.URLField(required=False, assume_scheme="https")
    hidden = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField(required=False)
    day = forms.DateField(required=False)
    kind = forms.ChoiceField(choices=[("a", "A & B"), ("b", gettext_lazy("Dutch")), (3, 3)])
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("Fruit <b>", [("apple", "Apple"), ("pear", "Pear")]), ("z", "Z")]
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    radio = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)
    note = forms.CharField(widget=forms.Textarea, required=False)


SAMPLES = [
    None,
    {
        "name": 'O\'Neil "<x>"',
        "email": "a@b.nl",
        "secret": "s&cret",
        "count": "1234",
        "amount": "12.50",
        "site": "",
        "hidden": mark_safe("<safe>"),
        "agree": "on",
        "day": "2026-12-01",
        "kind": "b",
        "grouped": "pear",
        "many": ["x", "y"],
        "radio": "r",
        "note": "n",
    },
]


def _html(form_data, renderer, initial=None) -> list[str]:
    form = _Everything(form_data, renderer=renderer, initial=initial)
    form.fields["name"].widget.attrs.update({"required": True, "disabled": False, "x": 0})
    return [str(field.as_widget(attrs={"aria-describedby": "id_<h>"})) for field in form]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("data", SAMPLES)
def test_every_widget_renders_as_with_django_templates(language, data):
    initial = {"count": 12_000, "day": datetime.date(2026, 1, 2), "kind": 3, "agree": True}
    with translation.override(language):
        assert _html(data, FormRenderer(), initial) == _html(data, DjangoTemplates(), initial)


def test_inputs_and_selects_skip_the_templates_and_the_rest_use_them(monkeypatch):
    used = []
    original = DjangoTemplates.get_template

    def get_template(self, name):
        used.append(name)
        return original(self, name)

    monkeypatch.setattr(DjangoTemplates, "get_template", get_template)
    form = _Everything(renderer=FormRenderer())
    for name in ("name", "email", "secret", "count", "hidden", "agree", "day", "kind", "grouped"):
        assert str(form[name]).startswith(("<input", "<select"))
    assert used == []
    assert 'type="radio"' in str(form["radio"]) and "<textarea" in str(form["note"])
    assert "django/forms/widgets/radio.html" in used
