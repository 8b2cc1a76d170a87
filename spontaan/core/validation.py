"""Cleaning of input in services: errors per field, collected and raised together.

Limits are declared once, on the model field, and read from there::

    with validation.collect() as check:
        title = check.text("title", title, model=Ask, label=_("Your ask"))
        amount = check.whole_number("amount", amount, label=_("Amount"), maximum=10_000_000)
        if outcome not in AskOutcome.values:
            check.add("outcome", _("Choose an outcome."))
    # leaving the block raises one ValidationError({field: [errors]}) if anything was wrong

Forms read the same limits with `max_length(Model, "field")`.

This module is also the input boundary every form and API endpoint ends in: `text_problem`
says what makes a text unacceptable (see its docstring for the exact rules), `parse_int` reads
a whole number from a query or form value, and `sample` keeps an error message short when it
names what was wrong.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_ID = 2**63 - 1  # the largest primary key a database can hold; beyond it: invalid input

# --- the input boundary ------------------------------------------------------------------------

# Bidirectional embedding, override and isolate controls (LRE, RLE, PDF, LRO, RLO; LRI, RLI,
# FSI, PDI): they reorder how the text around them is shown ("Trojan source" spoofing). The
# plain marks LRM, RLM and ALM stay allowed: they change nothing beyond themselves.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters that show as nothing: Hangul fillers, the halfwidth Hangul filler, the braille blank.
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Combining marks (categories Mn, Mc, Me) in a row on one base character, at most.
MAX_COMBINING_MARKS = 5
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Mn", "Mc", "Me", "Zs", "Zl", "Zp"})
_COMBINING = frozenset({"Mn", "Mc", "Me"})
_MULTI_LINE_CONTROLS = frozenset("\n\r\t")


def is_invisible(char: str) -> bool:
    """White space, a control or format character (zero-width space, zero-width (non-)joiner,
    word joiner, BOM, soft hyphen, direction marks, ...), a combining mark, or a filler letter
    that shows as nothing."""
    return char in INVISIBLE_LETTERS or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def is_valid_unicode(value: str) -> bool:
    """Whether `value` can be stored: no lone surrogate (which a JSON `\\ud800` escape or a
    Python string can hold, but UTF-8 and every database refuse)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def text_problem(value: str, *, multi_line: bool = True) -> str | None:
    """Why `value` is not acceptable text, as an error code; None when it is.

    - ``unicode``: a lone surrogate (U+D800..U+DFFF): not valid Unicode, no database stores it.
    - ``control``: a control character (category Cc, NUL included); a multi-line text may have
      newlines, carriage returns and tabs.
    - ``bidi``: a bidirectional embedding, override or isolate control (`BIDI_CONTROLS`).
    - ``combining``: more than `MAX_COMBINING_MARKS` combining marks in a row.
    - ``invisible``: not blank, but nothing left once every invisible character
      (`is_invisible`) is removed: a text of zero-width spaces, a BOM or only marks. (Blank
      text, only white space, is no problem here: whether it may be empty is the field's
      `required`.)
    """
    if not value or value.isspace():
        return None
    if not is_valid_unicode(value):
        return "unicode"
    run = 0
    visible = False
    for char in value:
        category = unicodedata.category(char)
        if category == "Cc" and not (multi_line and char in _MULTI_LINE_CONTROLS):
            return "control"
        if char in BIDI_CONTROLS:
            return "bidi"
        run = run + 1 if category in _COMBINING else 0
        if run > MAX_COMBINING_MARKS:
            return "combining"
        visible = visible or not is_invisible(char)
    return None if visible else "invisible"


def text_problem_message(code: str) -> str:
    """The message for a `text_problem` code; it may use `%(label)s`."""
    return {
        "unicode": _("%(label)s contains characters that are not valid text (Unicode)."),
        "control": _("%(label)s contains an invalid character."),
        "bidi": _("%(label)s contains a character that changes the writing direction; remove it."),
        "combining": _("%(label)s has too many accents or marks on one character."),
        "invisible": _("%(label)s contains only invisible characters."),
    }[code]


def normalise_text(value: str) -> str:
    """Acceptable text in one form (NFC), so equal text compares and counts the same."""
    return unicodedata.normalize("NFC", value)


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,30}")


def parse_int(raw, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """A whole number from a query, form or JSON value, or None when it is not one.

    Only an int (never a bool) or a text of ASCII digits with an optional sign: not "²" or
    other Unicode digits (which `str.isdigit` accepts and `int` refuses), not "1_000", not
    "1.0", not true. Outside `minimum`..`maximum` it is None too.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, str) and _WHOLE_NUMBER.fullmatch(raw.strip()):
        number = int(raw.strip())
    else:
        return None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return None
    return number


def parse_id(raw) -> int | None:
    """A primary key from a query or form value (1..MAX_ID), or None."""
    return parse_int(raw, minimum=1, maximum=MAX_ID)


def sample(values: Iterable, *, shown: int = 5, width: int = 60) -> str:
    """Some of `values` for an error message: the first `shown`, each cut to `width`
    characters, and how many more there are. An error never echoes a huge input back."""
    values = [str(v) for v in values]
    head = ", ".join(v if len(v) <= width else v[: width - 1] + "…" for v in values[:shown])
    more = len(values) - shown
    if more <= 0:
        return head
    return ngettext("%(shown)s and %(n)d more", "%(shown)s and %(n)d more", more) % {
        "shown": head,
        "n": more,
    }


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
        `single_line` turns every run of white space into one space. Text that `text_problem`
        refuses is an error (code `invalid`); acceptable text comes back in NFC. `messages`
        replaces the default message for `invalid`, `required` or `max_length`; they may use
        `%(label)s` and `%(max)d` (the limit).
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
        problem = text_problem(value, multi_line=not single_line)
        if problem is not None:
            message = messages.get("invalid", text_problem_message(problem))
            self.add(field, message % params, code="invalid")
            return ""
        value = normalise_text(value)
        if required and not value:
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
        number = parse_int(value)
        if isinstance(value, float) and value.is_integer():
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
