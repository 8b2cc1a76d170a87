from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString

from spontaan.core.once import form_fields_once
from spontaan.core.once import render_once as _render_once
from spontaan.core.once import url_once as _url_once
from spontaan.core.sections import render_sections
from spontaan.core.workdays import working_days_between

register = template.Library()


# NL Design System classes per widget type, for the input and for its invalid state. Radio
# buttons and check box lists keep the browser's own inputs; file inputs too.
_TEXTBOX = ("utrecht-textbox utrecht-textbox--html-input", "utrecht-textbox--invalid")
_WIDGET_CLASSES = {
    "text": _TEXTBOX,
    "email": _TEXTBOX,
    "password": _TEXTBOX,
    "number": _TEXTBOX,
    "url": _TEXTBOX,
    "search": _TEXTBOX,
    "tel": _TEXTBOX,
    "date": _TEXTBOX,
    "textarea": ("utrecht-textarea utrecht-textarea--html-textarea", "utrecht-textarea--invalid"),
    "select": ("utrecht-select utrecht-select--html-select", "utrecht-select--invalid"),
    "checkbox": ("utrecht-checkbox utrecht-checkbox--html-input", "utrecht-checkbox--invalid"),
}


def _described_by(field) -> dict:
    """`aria-describedby` to the help text and errors that `includes/field.html` renders, and
    `aria-invalid` when the field has errors."""
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
    return attrs


@register.filter
def field_widget(field):
    """Render a form field's widget with its help text and errors tied to it for screen readers."""
    return field.as_widget(attrs=_described_by(field))


@register.filter
def form_control(field):
    """Render a field's widget for `includes/field.html`: NL Design System classes (with the
    invalid state), and help text and errors tied to it for screen readers. Grouped inputs
    (radio buttons, check box lists) are described by their fieldset instead."""
    grouped = field.widget_type in ("radioselect", "checkboxselectmultiple")
    attrs = {"aria-invalid": "true"} if grouped and field.errors else {}
    if not grouped:
        attrs = _described_by(field)
    css, invalid = _WIDGET_CLASSES.get(field.widget_type, ("", ""))
    classes = [field.field.widget.attrs.get("class", ""), css, invalid if field.errors else ""]
    if any(classes[1:]):
        attrs["class"] = " ".join(c for c in classes if c)
    return field.as_widget(attrs=attrs)


@register.filter
def field_anchor(field) -> str:
    """The id a link to this field points at: its input, or the first of a group of inputs."""
    return field.id_for_label or f"{field.auto_id}_0"


@register.filter
def fields_with_errors(fields) -> list:
    """The bound fields that have errors, in form order (for the error summary)."""
    return [field for field in fields if field.errors]


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


@register.simple_tag
def form_fields(form) -> SafeString:
    """The form's fields through `includes/field.html`; those of an unbound `RendersAlike`
    form without initial data rendered once per process (see core.once)."""
    return form_fields_once(form)


@register.simple_tag
def render_once(template_name: str, **values):
    """A template that depends only on the language and these values, rendered once per
    process (see core.once): menus, footer, style sheet links."""
    return _render_once(template_name, **values)


@register.simple_tag(name="url_once")
def url_once_tag(name: str, *args):
    """`{% url %}` for the links every page shows (account, log out, language), reversed once
    per process (see core.once). Only for values that are not personal."""
    return _url_once(name, *args)
