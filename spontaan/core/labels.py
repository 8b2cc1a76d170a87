"""Labels of choices, translated once per language instead of at every call.

Django's `get_FOO_display()` rebuilds the dict of a field's choices and translates the label
at every call (~30–90 µs); a page with a card per row pays that for every card. A model that
extends `CachedChoiceLabels` gets the same `get_FOO_display()` from a map per field and
language, built at the first call. The translations do not change while a process runs.
"""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_maps: dict[tuple[models.Field, str | None], dict] = {}


def choice_labels(field: models.Field) -> dict:
    """value → label (a plain string, in the active language) of a field with choices."""
    key = (field, get_language())
    labels = _maps.get(key)
    if labels is None:
        labels = {
            make_hashable(value): force_str(label, strings_only=True)
            for value, label in field.flatchoices
        }
        _maps[key] = labels
    return labels


class CachedChoiceLabels:
    """A mixin for models: `get_FOO_display()` from `choice_labels()`, same result."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return choice_labels(field).get(make_hashable(value), value)
