"""What every app's API shares: limits of ids and pages, text without NUL characters, the error
body, and input schemas that refuse unknown fields."""

from typing import Annotated

from ninja import Schema
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
