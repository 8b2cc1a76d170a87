"""Property-based tests of the whole JSON API from its own OpenAPI document (Schemathesis).

Every operation gets generated paths, queries, headers and bodies (valid and invalid), sent
to the in-process Django app, anonymously and as a signed-in resident with an API token. An
answer must never be a server error, and must conform to the document: a documented status
code and content type, a body that matches its schema.

Kept small for `make test` (a few examples per operation, derandomized so a run is
reproducible); raise ``SCHEMATHESIS_EXAMPLES`` to search longer.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from spontaan.accounts.tokens import token_create

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def in_test_transaction():
    """Requests through the WSGI app use the test's database connection, which the
    request signals would otherwise close (the Django test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "resident"])
def caller(request, db, initiative, in_test_transaction) -> dict[str, str]:
    """The headers of the caller; the resident, who started `initiative`, sends a token."""
    if request.param == "anonymous":
        return {}
    _, raw = token_create(user=request.getfixturevalue("resident"), name="schemathesis")
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_within_its_schema_and_never_5xx(case, caller, initiative):
    # A generated id would almost never name an initiative: a valid one names the real one,
    # so that the generated bodies reach the services' own checks too.
    if isinstance((case.path_parameters or {}).get("initiative_id"), int):
        case.path_parameters["initiative_id"] = initiative.pk
    headers = {**(case.headers or {}), **caller}
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
