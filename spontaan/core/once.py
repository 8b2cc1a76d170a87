"""Parts of a page that are the same for everyone in a language, rendered once per process.

The main menu, the footer and the links to the style sheets and scripts show on every page.
Their HTML depends only on the active language, the URL configuration and a few flags (which
menu items someone's roles give), yet reversing a dozen URLs and translating their labels on
every request costs about as much as a small page's own content. `render_once` renders such a
template with only the values it is given (no request, no context processors) and keeps the
HTML per template, language, script prefix, URL configuration and values.

Only for templates whose output is a function of exactly those: no personal data, no CSRF
token, nothing from the database. Values must be hashable and few (flags, settings). With
DEBUG on (templates reload) nothing is kept; changed settings (tests) forget everything.
`form_fields_once` does the same for the fields of an empty form, `url_once` for a URL.
"""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from .forms import RendersAlike

MAX_ENTRIES = 256  # a few templates x languages x flag combinations; a safety net only

_rendered: dict[tuple, SafeString] = {}


def _remember(key: tuple, render: Callable[[], SafeString]) -> SafeString:
    key = (*key, get_language(), get_script_prefix(), get_urlconf())
    html = _rendered.get(key)
    if html is None:
        html = render()
        if not settings.DEBUG:
            if len(_rendered) >= MAX_ENTRIES:
                _rendered.clear()
            _rendered[key] = html
    return html


def render_once(template_name: str, **values) -> SafeString:
    return _remember(
        (template_name, tuple(sorted(values.items()))),
        lambda: get_template(template_name).render(values),
    )


def url_once(name: str, *args) -> str:
    """`reverse(name, args=args)`, kept like the templates above (no personal values)."""
    return _remember(("url", name, args), lambda: reverse(name, args=args))


def form_fields_once(form: forms.BaseForm) -> SafeString:
    """The fields of `form` as `includes/field.html` renders them. An unbound form without
    initial data that mixes in `core.forms.RendersAlike` looks the same for everyone in a
    language (its choices come from its class or from `render_variant()`), so its fields are
    kept per class, prefix, language and variant; the `<form>` tag and its CSRF token stay
    outside. Any other form is rendered now."""

    def render() -> SafeString:
        return get_template("includes/form_fields.html").render({"form": form})

    if not isinstance(form, RendersAlike) or form.is_bound or form.initial:
        return render()
    key = ("form_fields", type(form), form.prefix, form.auto_id, form.render_variant())
    return _remember(key, render)


@receiver(setting_changed)
def _forget(**_kwargs) -> None:
    _rendered.clear()
