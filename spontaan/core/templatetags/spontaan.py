from django import template
from django.utils import timezone
from django.utils.formats import number_format

from spontaan.core.sections import render_sections
from spontaan.core.workdays import working_days_between

register = template.Library()


@register.filter
def field_widget(field):
    """Render a form field's widget with its help text and errors tied to it for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def working_days_waiting(opened_at) -> int:
    """Working days since a moment, up to today (0 = today)."""
    return working_days_between(timezone.localdate(opened_at), timezone.localdate())


@register.filter
def is_overdue(clock) -> bool:
    return clock.first_answered_at is None and clock.due_on < timezone.localdate()


@register.filter
def percent(value) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


@register.filter
def days(value) -> str:
    """A number of (working) days, one decimal at most, in the reader's number format."""
    if value is None:
        return "–"
    value = round(float(value), 1)
    return number_format(value, decimal_pos=0 if value.is_integer() else 1)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def euros(value) -> str:
    """Whole euros with the reader's thousands separator, kept on one line: "€ 12.500" in
    Dutch, "€ 12,500" in English (a no-break space after the sign)."""
    from django.contrib.humanize.templatetags.humanize import intcomma

    if value is None or value == "":
        return "–"
    return f"€\u00a0{intcomma(value)}"


@register.simple_tag(takes_context=True)
def page_sections(context, page: str, subject, slot: str = "main"):
    """The sections other apps contribute to this page (see core.sections)."""
    return render_sections(context["request"], page, subject, slot)
