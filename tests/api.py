"""Helpers of the API tests of every app: a client with a personal token, a JSON request, and
a refused request that must write nothing."""

from collections.abc import Callable

from django.test import Client

from spontaan.accounts.tokens import token_create

MISSING = object()  # a field (or the whole body) left out


def api(user=None) -> Client:
    """A client that sends a personal API token of this user (or none)."""
    if user is None:
        return Client()
    _, raw = token_create(user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def send(client: Client, method: str, path: str, body=MISSING):
    """A JSON request; without a body when none is given."""
    data = "" if body is MISSING else body
    return getattr(client, method)(path, data=data, content_type="application/json")


def refused(
    client: Client,
    method: str,
    path: str,
    body,
    status: int,
    field: str | None = None,
    *,
    snapshot: Callable[[], object],
) -> dict:
    """Sends a request that must be refused with `status`, with a message (naming `field`,
    when given), and leave `snapshot()` as it was; returns the error."""
    before = snapshot()
    response = send(client, method, path, body)
    assert response.status_code == status, response.content
    error = response.json()
    assert error["message"], error
    if field is not None:
        assert field in error["fields"], error
    assert snapshot() == before
    return error


def accepted(client: Client, method: str, path: str, body=MISSING, status: int = 200):
    """Sends a request that must succeed with `status`; returns the response."""
    response = send(client, method, path, body)
    assert response.status_code == status, response.content
    return response
