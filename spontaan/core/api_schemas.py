"""What every app's API shares: limits of ids and pages, paging, text without NUL characters,
the error body, and input schemas that refuse unknown fields."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

MAX_ID = 2**63 - 1  # the largest primary key a database can hold; beyond it: invalid input
MAX_PAGE = 1_000_000


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL characters; refuse them as invalid input, not a server error.
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


class ErrorOut(Schema):
    message: str
    fields: dict[str, list[str]] | None = None


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
