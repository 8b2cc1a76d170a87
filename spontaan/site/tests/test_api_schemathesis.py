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

# The tender's fixtures: an open scheme with a panel, and a draft application of `initiative`.
from spontaan.tender.tests.conftest import (  # noqa: F401
    draft,
    profile,
    regional_manager,
    reviewer,
    scheme,
    second_reviewer,
)

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
def caller(request, db, initiative, in_test_transaction) -> dict:
    """The caller's headers, and the real objects: the resident, who started `initiative`
    and its `draft` application, sends a token."""
    application = request.getfixturevalue("draft")
    real = {"initiative_id": initiative.pk, "application_id": application.pk}
    real["scheme"], real["municipality"] = application.scheme.slug, initiative.municipality.slug
    if request.param == "anonymous":
        return {"headers": {}, "real": real}
    _, raw = token_create(user=request.getfixturevalue("resident"), name="schemathesis")
    return {"headers": {"Authorization": f"Bearer {raw}"}, "real": real}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_within_its_schema_and_never_5xx(case, caller):
    # A generated id or slug would almost never name anything. An even id or a valid slug
    # names a real object instead, so that generated bodies reach the services' checks too;
    # odd ids and other slugs stay as generated (unknown: 404, invalid: 422).
    real = dict(caller["real"])
    real["slug"] = real["scheme" if case.path.startswith("/api/v1/schemes") else "municipality"]
    params = case.path_parameters or {}
    for name, value in params.items():
        if name in real and (
            (isinstance(value, int) and value >= 1 and value % 2 == 0)
            or (isinstance(value, str) and name == "slug" and value.isascii() and value.isalnum())
        ):
            params[name] = real[name]
    headers = {**(case.headers or {}), **caller["headers"]}
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
