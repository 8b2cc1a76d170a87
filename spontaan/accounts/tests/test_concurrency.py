"""Parallel wrong passwords get no more than the limit checked (SECURITY.md, login throttling).

Each thread posts to the real login view through its own client and database connection; a
barrier lets them start together, and the password check is slowed down the way a real
password hasher is slow, so every attempt is in flight while the others are counted. Needs a
database that takes concurrent connections (see tests/concurrency.py); .ci/run runs it on a
SQLite file and on PostgreSQL.
"""

import threading
import time

import pytest
from django.test import Client
from django.urls import reverse

from spontaan.accounts.backends import EmailBackend
from spontaan.accounts.tests.factories import UserFactory
from spontaan.core.models import RateLimitEvent
from tests.concurrency import concurrent_db_only, run_together

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = reverse("accounts:login")
PARALLEL = 40


@pytest.fixture
def slow_password_checks(monkeypatch):
    """Count password checks and make each take as long as a production hasher's."""
    checked = []
    lock = threading.Lock()
    authenticate = EmailBackend.authenticate

    def slow(self, *args, **kwargs):
        with lock:
            checked.append(1)
        time.sleep(0.2)
        return authenticate(self, *args, **kwargs)

    monkeypatch.setattr(EmailBackend, "authenticate", slow)
    return checked


def _post_login(email, address):
    def call():
        return Client(REMOTE_ADDR=address).post(LOGIN, {"email": email, "password": "wrong"})

    return call


def _statuses(results):
    assert all(kind == "ok" for kind, _value in results), results
    return sorted(response.status_code for _kind, response in results)


@concurrent_db_only
def test_parallel_wrong_passwords_on_one_account_check_at_most_the_limit(
    settings, slow_password_checks
):
    # given: an account, and 40 attempts from 40 addresses at the same moment
    settings.LOGIN_ATTEMPTS_LIMIT = 5
    settings.LOGIN_ATTEMPTS_LIMIT_PER_ADDRESS = 5
    UserFactory(email="anna@example.org")
    calls = [_post_login("anna@example.org", f"192.0.2.{i + 1}") for i in range(PARALLEL)]
    # when
    statuses = _statuses(run_together(calls))
    # then: at most five passwords were checked, the rest were refused unchecked
    assert len(slow_password_checks) <= 5
    assert statuses.count(200) == len(slow_password_checks)
    assert statuses.count(429) == PARALLEL - len(slow_password_checks)
    assert RateLimitEvent.objects.filter(bucket="login-account").count() <= 5


@concurrent_db_only
def test_parallel_wrong_passwords_from_one_address_check_at_most_the_limit(
    settings, slow_password_checks
):
    # given: 40 attempts on 40 addresses, known and unknown, from one client address
    settings.LOGIN_ATTEMPTS_LIMIT = 5
    settings.LOGIN_ATTEMPTS_LIMIT_PER_ADDRESS = 5
    UserFactory(email="person0@example.org")
    calls = [_post_login(f"person{i}@example.org", "198.51.100.7") for i in range(PARALLEL)]
    # when
    statuses = _statuses(run_together(calls))
    # then
    assert len(slow_password_checks) <= 5
    assert statuses.count(429) == PARALLEL - len(slow_password_checks)
    assert RateLimitEvent.objects.filter(bucket="login-address").count() <= 5
