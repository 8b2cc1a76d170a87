"""Django's form renderer, with its commonest widget templates written out in Python.

Every text box, e-mail, password or number input and every select box is rendered through a
template of its own (and one per option, and one for the attributes of each): a form of a few
fields costs a millisecond before the page's own templates run. `FormRenderer` produces the
very same HTML for those templates directly and leaves every other template (radio buttons,
check box lists, text areas, anything overridden) to Django. A test compares both outputs.
Set as FORM_RENDERER.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
# Templates that are `{% include "django/forms/widgets/input.html" %}` (and a newline, which
# the renderer strips, as it strips the end of every widget's HTML).
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "text",
        "email",
        "password",
        "number",
        "url",
        "search",
        "tel",
        "hidden",
        "checkbox",
        "date",
    )
}
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"


def _value(value) -> str:
    """`{{ value }}` in a template with autoescaping."""
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _string(value) -> str:
    """`{{ value|stringformat:'s' }}`."""
    formatted = "%s" % (str(value) if isinstance(value, tuple) else value)
    if isinstance(value, SafeData):  # safe stays safe, as with the template filter
        formatted = mark_safe(formatted)  # noqa: S308 - the value was marked safe already
    return _value(formatted)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_value(name)}" if value is True else f' {_value(name)}="{_string(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return (
        f'<input type="{_value(widget["type"])}" name="{_value(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _select(widget: dict) -> str | None:
    """django/forms/widgets/select.html with select_option.html; None for other options."""
    parts = [f'<select name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_value(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_value(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is not None and not request:
            if template_name in INPUTS:
                return _input(widget)
            if template_name == SELECT:
                html = _select(widget)
                if html is not None:
                    return html
        return super().render(template_name, context, request)
