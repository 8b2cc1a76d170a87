"""Cleaning of input in services: errors per field, collected and raised together.

Limits are declared once, on the model field, and read from there::

    with validation.collect() as check:
        title = check.text("title", title, model=Ask, label=_("Your ask"))
        amount = check.whole_number("amount", amount, label=_("Amount"), maximum=10_000_000)
        if outcome not in AskOutcome.values:
            check.add("outcome", _("Choose an outcome."))
    # leaving the block raises one ValidationError({field: [errors]}) if anything was wrong

Forms read the same limits with `max_length(Model, "field")`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def max_length(model: type[models.Model], field: str) -> int | None:
    """The limit declared on a model field, for forms and services alike."""
    return model._meta.get_field(field).max_length


class FieldErrors:
    """Collects errors per field while input is cleaned; `raise_if_any` raises them at once.

    Each check returns the cleaned value (or a harmless stand-in when the value is wrong), so
    cleaning goes on and every mistake is reported, not only the first.
    """

    def __init__(self) -> None:
        self._errors: dict[str, list[ValidationError]] = {}

    def __bool__(self) -> bool:
        return bool(self._errors)

    def __contains__(self, field: str) -> bool:
        return field in self._errors

    def add(self, field: str | None, message, *, code: str | None = None) -> None:
        """One error on a field (None: on the whole input)."""
        key = field or NON_FIELD_ERRORS
        error = message if isinstance(message, ValidationError) else ValidationError(message, code)
        self._errors.setdefault(key, []).extend(error.error_list)

    def add_error(self, exc: ValidationError, *, field: str | None = None) -> None:
        """A ValidationError raised by another check: per field if it has them, else on
        `field` (or on the whole input)."""
        if hasattr(exc, "error_dict"):
            for key, errors in exc.error_dict.items():
                self._errors.setdefault(key, []).extend(errors)
        else:
            self._errors.setdefault(field or NON_FIELD_ERRORS, []).extend(exc.error_list)

    @contextmanager
    def catch(self, field: str | None = None) -> Iterator[None]:
        """Run a check that raises ValidationError, and keep its errors instead."""
        try:
            yield
        except ValidationError as exc:
            self.add_error(exc, field=field)

    def messages(self) -> list[str]:
        """Every message, field by field, in the order they were added."""
        return [message for errors in self._errors.values() for e in errors for message in e]

    def raise_if_any(self) -> None:
        if self._errors:
            raise ValidationError(self._errors)

    # --- checks ---------------------------------------------------------------------------

    def text(
        self,
        field: str,
        value,
        *,
        label: str | None = None,
        model: type[models.Model] | None = None,
        model_field: str | None = None,
        max_length: int | None = None,
        required: bool | None = None,
        single_line: bool = False,
        messages: dict[str, str] | None = None,
    ) -> str:
        """Text without surrounding spaces, within its limit.

        `max_length` and `required` come from `model`'s field (`model_field`, by default
        `field`) unless given: its `max_length`, and required unless the field is `blank`.
        `single_line` turns every run of white space into one space. `messages` replaces the
        default message for `invalid`, `required` or `max_length`; they may use `%(label)s`
        and `%(max)d` (the limit).
        """
        spec = model._meta.get_field(model_field or field) if model is not None else None
        if max_length is None and spec is not None:
            max_length = spec.max_length
        if required is None:
            required = not spec.blank if spec is not None else True
        if label is None:
            label = capfirst(spec.verbose_name) if spec is not None else field
        messages = messages or {}
        params = {"label": label, "max": max_length or 0, "n": max_length or 0}
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(field, _("%(label)s must be text.") % params, code="invalid")
            return ""
        value = " ".join(value.split()) if single_line else value.strip()
        if "\x00" in value:
            message = messages.get("invalid", _("%(label)s contains an invalid character."))
            self.add(field, message % params, code="invalid")
        elif required and not value:
            message = messages.get("required", _("%(label)s is required."))
            self.add(field, message % params, code="required")
        elif max_length is not None and len(value) > max_length:
            message = messages.get("max_length", _("%(label)s is at most %(n)d characters."))
            self.add(field, message % params, code="max_length")
        return value

    def whole_number(
        self,
        field: str,
        value,
        *,
        label: str,
        minimum: int = 0,
        maximum: int,
        required: bool = False,
        messages: dict[str, str] | None = None,
    ) -> int | None:
        """A whole number from `minimum` to `maximum`, or None when empty and not required.

        `messages` replaces the default message for `required`, `invalid` (not a whole
        number), `min_value` or `max_value`; they may use `%(label)s`, `%(min)s`, `%(max)s`.
        """
        messages = messages or {}
        params = {"label": label, "min": minimum, "max": maximum}
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                message = messages.get("required", _("%(label)s is required."))
                self.add(field, message % params, code="required")
            return None
        number = None
        if not isinstance(value, bool | float):
            try:
                number = int(str(value).strip())
            except (TypeError, ValueError):
                number = None
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        if number is None:
            message = messages.get("invalid", _("%(label)s must be a whole number."))
            self.add(field, message % params, code="invalid")
        elif number < minimum:
            message = messages.get("min_value", _("%(label)s must be at least %(min)s."))
            self.add(field, message % params, code="min_value")
            number = None
        elif number > maximum:
            message = messages.get("max_value", _("%(label)s may be at most %(max)s."))
            self.add(field, message % params, code="max_value")
            number = None
        return number


@contextmanager
def collect() -> Iterator[FieldErrors]:
    """A `FieldErrors` for a block of checks; leaving the block raises what it collected.

    An exception raised inside the block goes on as it is.
    """
    errors = FieldErrors()
    yield errors
    errors.raise_if_any()
