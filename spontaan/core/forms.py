from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError

T = TypeVar("T")


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, field by field where the field exists
    (the others go on top), keeping each error's code."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def act_on_form(form: forms.Form, act: Callable[[dict], T]) -> T | None:
    """What `act(form.cleaned_data)` returns when the form is valid and the service it calls
    accepts; otherwise None, with the service's errors put on the form."""
    if form.is_valid():
        try:
            return act(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
    return None


class RendersAlike:
    """A form whose fields, unbound and without initial data, render the same for everyone
    in a language (labels, choices and help texts do not depend on the data or the person):
    `{% form_fields form %}` renders them once per process and language. A form whose choices
    depend on its arguments says so in `render_variant()`."""

    def render_variant(self) -> tuple:
        return ()
