"""The one field template and the one error summary, for every kind of input."""

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


class _Form(forms.Form):
    name = forms.CharField(label="Name", max_length=10, help_text="Your name.")
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)
    agree = forms.BooleanField(label="I agree")
    token = forms.CharField(widget=forms.HiddenInput)


def _render(form) -> tuple[str, str]:
    with translation.override("en"):
        fields = "".join(render_to_string("includes/field.html", {"field": f}) for f in form)
        return render_to_string("includes/form_errors.html", {"form": form}), fields


def test_a_valid_form_shows_no_summary_and_ties_help_to_inputs():
    summary, fields = _render(_Form())
    assert summary.strip() == ""
    assert 'aria-describedby="id_name_helptext"' in fields
    assert 'id="id_name_helptext"' in fields
    assert "utrecht-textbox utrecht-textbox--html-input" in fields
    assert "utrecht-textarea" in fields and "utrecht-checkbox" in fields
    assert "aria-invalid" not in fields
    assert fields.count("(optional)") == 1  # only the note
    assert '<input type="hidden" name="token"' in fields and "<label" in fields


def test_errors_are_summarised_with_links_and_marked_on_each_field():
    form = _Form(data={"name": "x" * 11})
    summary, fields = _render(form)
    assert 'role="alert"' in summary
    assert 'href="#id_name"' in summary
    assert 'href="#id_kind_0"' in summary  # a group of radio buttons: its first input
    assert 'href="#id_agree"' in summary
    assert '<p class="utrecht-paragraph">Token: This field is required.</p>' in summary
    assert 'href="#id_token"' not in summary  # a hidden field: named, not linked
    assert 'aria-describedby="id_name_helptext id_name_error"' in fields
    assert 'id="id_name_error"' in fields and "utrecht-textbox--invalid" in fields
    assert 'aria-describedby="id_kind_error"' in fields  # on the fieldset
    assert fields.count('aria-invalid="true"') == 4  # name, both radio buttons, agree
