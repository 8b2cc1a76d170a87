"""What every app's API shares: limits of ids and pages, paging, acceptable text and strict
numbers, the error body (kept short whatever the input), and input schemas that refuse unknown
fields.

The API's half of the input boundary; the other half, shared with the forms, is
`spontaan.core.validation` (which the services call). See also `core.api_boundary`.
"""

import json
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from ninja.parser import Parser
from pydantic import AfterValidator, ConfigDict, Strict
from pydantic_core import PydanticCustomError

from .validation import MAX_ID as MAX_ID  # re-exported: the APIs' limit of ids
from .validation import is_valid_unicode, normalise_text, text_problem, text_problem_message

MAX_PAGE = 1_000_000
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# What one error body shows at most; the rest is counted, never echoed.
MAX_ERROR_FIELDS = 20
MAX_ERRORS_PER_FIELD = 5
MAX_ERROR_CHARS = 300


def _acceptable_text(value: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise PydanticCustomError(
            f"text_{problem}", text_problem_message(problem) % {"label": _("The text")}
        )
    return normalise_text(value)


# Text that `validation.text_problem` accepts (no NUL or other control characters except
# newline and tab, no direction overrides, not only invisible characters), in NFC.
Text = Annotated[str, AfterValidator(_acceptable_text)]
# A JSON number where a number belongs: true is not 1, "5" is not 5. (Path and query values
# are text by nature and are parsed as numbers there, never from booleans.)
WholeNumber = Annotated[int, Strict()]
Coordinate = Annotated[float, Strict()]
# A SlugField's value in a path: anything else cannot name an object (422, never a query).
MunicipalitySlug = Annotated[
    str, Path(max_length=50, pattern=SLUG_PATTERN, description="The municipality's slug.")
]


class NotJSON(ValueError):
    """A body sent with a content type that is not JSON."""


class InvalidJSONText(ValueError):
    """A JSON body with a string that is not valid Unicode (a lone surrogate, which JSON's
    `\\ud800` escape can express but no database stores)."""

    def __init__(self, loc: str) -> None:
        super().__init__(loc)
        self.loc = loc


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number.")


def _check_strings(value: Any, loc: str = "") -> None:
    stack = [(value, loc)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if not is_valid_unicode(item):
                raise InvalidJSONText(where)
        elif isinstance(item, dict):
            for key, inner in item.items():
                if isinstance(key, str) and not is_valid_unicode(key):
                    raise InvalidJSONText(where)
                stack.append((inner, f"{where}.{key}" if where else key))
        elif isinstance(item, list):
            stack.extend(
                (inner, f"{where}.{i}" if where else str(i)) for i, inner in enumerate(item)
            )


class StrictJSONParser(Parser):
    """JSON bodies as the standard says, and only as JSON: with a JSON content type (not
    text/plain, as a cross-site form could send), no NaN or Infinity, and every string valid
    Unicode."""

    def parse_body(self, request):
        if not is_json_type(request.content_type or ""):
            raise NotJSON(request.content_type)
        data = json.loads(request.body, parse_constant=_refuse_constant)
        _check_strings(data)
        return data


def is_json_type(content_type: str) -> bool:
    """`application/json` or a structured `+json` type, parameters (charset) aside."""
    main = content_type.split(";", 1)[0].strip().lower()
    return main == "application/json" or (
        main.startswith("application/") and main.endswith("+json")
    )


class ErrorOut(Schema):
    message: str
    fields: dict[str, list[str]] | None = None


def _cut(message: str) -> str:
    message = str(message)
    return message if len(message) <= MAX_ERROR_CHARS else message[: MAX_ERROR_CHARS - 1] + "…"


def error_body(message: str, fields: dict[str, list[str]] | None = None) -> dict:
    """An ErrorOut body that stays small: at most `MAX_ERROR_FIELDS` fields with
    `MAX_ERRORS_PER_FIELD` messages each, every message (and field name) cut to
    `MAX_ERROR_CHARS`; what is left out is counted on `__all__`."""
    body: dict = {"message": _cut(message)}
    if fields is None:
        return body
    shown: dict[str, list[str]] = {}
    left_out = 0
    for field, messages in fields.items():
        if len(shown) >= MAX_ERROR_FIELDS:
            left_out += len(messages)
            continue
        shown[_cut(field)] = [_cut(m) for m in messages[:MAX_ERRORS_PER_FIELD]]
        left_out += max(0, len(messages) - MAX_ERRORS_PER_FIELD)
    if left_out:
        shown.setdefault("__all__", []).append(
            _("And %(n)d more errors, not shown.") % {"n": left_out}
        )
    body["fields"] = shown
    return body


class InputSchema(Schema):
    """Write bodies refuse fields they do not know, rather than silently ignoring them."""

    model_config = ConfigDict(extra="forbid")


ERRORS_READ = {404: ErrorOut, 422: ErrorOut}
ERRORS_WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class PageIn(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(20, ge=1, le=100, description="Items per page (at most 100).")


def page_out(filters: PageIn, rows, item, *, attach=None) -> dict:
    """One page of the queryset ``rows``: how many there are in all, and the page's rows as
    ``item(row)``; ``attach``, if given, first turns the page's list of rows into what
    ``item`` takes."""
    count = rows.count()
    start, size = (filters.page - 1) * filters.page_size, filters.page_size
    page = list(rows[start : start + size]) if start < count else []
    return {
        "count": count,
        "page": filters.page,
        "page_size": size,
        "results": [item(row) for row in (attach(page) if attach else page)],
    }
