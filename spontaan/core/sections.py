"""Sections that apps contribute to the pages of other apps.

A page owned by a lower app (the initiative page, a municipality's page, the home page, a
person's own page) renders the sections registered for it, so the apps above it can add a
panel without the page's app importing them:

    from spontaan.core.sections import PageSection, page_sections
    page_sections.register(PageSection(
        key="tender.grants", page=INITIATIVE_PAGE, order=40,
        template="tender/_initiative_grants.html", context=initiative_grants_context,
    ))

`context(request, subject)` returns the template's context, or None to leave the section out
(nothing to show, or not for this visitor). It runs the queries it needs through the owning
app's selectors. `slot` is where on the page it goes: "main" or "aside".

`shared(request, subject)`, if given, says that the section looks the same for everyone for
whom it returns the same tuple (for instance "signed in or not" and a visibility scope), or
returns None when it is personal for this visitor (it holds a form, or what only they may
see). A shared section is rendered once per tuple, subject, language and content version
(core.fragments) and skips its queries while that lasts.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from .fragments import CSRF_STAND_IN, shared
from .registry import Registry

INITIATIVE_PAGE = "initiative"
MUNICIPALITY_PAGE = "municipality"
HOME_PAGE = "home"
PERSONAL_PAGE = "personal"
PAGES = (INITIATIVE_PAGE, MUNICIPALITY_PAGE, HOME_PAGE, PERSONAL_PAGE)
SLOTS = ("main", "aside")


@dataclass(frozen=True)
class PageSection:
    key: str
    page: str
    template: str
    context: Callable[[HttpRequest, Any], dict | None]
    order: int = 100
    slot: str = "main"
    shared: Callable[[HttpRequest, Any], tuple | None] | None = None

    def __post_init__(self) -> None:
        if self.page not in PAGES:
            raise ValueError(f"Unknown page {self.page!r}; one of {PAGES}.")
        if self.slot not in SLOTS:
            raise ValueError(f"Unknown slot {self.slot!r}; one of {SLOTS}.")


page_sections: Registry[PageSection] = Registry("page sections")


def _render(section: PageSection, request: HttpRequest, subject: Any, *, shared_part=False) -> str:
    context = section.context(request, subject)
    if context is None:
        return ""
    if shared_part:  # its forms get the request's own CSRF token when it is shown
        context = {**context, "csrf_token": CSRF_STAND_IN}
    return get_template(section.template).render(context, request)


def render_sections(
    request: HttpRequest, page: str, subject: Any, slot: str = "main"
) -> SafeString:
    """The HTML of every section registered for this page and slot, in order."""
    parts = []
    for section in page_sections:
        if section.page != page or section.slot != slot:
            continue
        vary = section.shared(request, subject) if section.shared else None
        if vary is None:
            parts.append(_render(section, request, subject))
        else:
            parts.append(
                shared(
                    request,
                    f"section.{section.key}",
                    [page, getattr(subject, "pk", None), *vary],
                    lambda section=section: _render(section, request, subject, shared_part=True),
                )
            )
    return mark_safe("".join(parts))  # noqa: S308 - rendered by the template engine, escaped
