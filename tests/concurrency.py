"""Helpers for tests that run real requests or services at the same moment.

They need a database that takes concurrent connections: PostgreSQL, or SQLite with the test
database in a file (SPONTAAN_TEST_SQLITE_FILE=1); on the default in-memory SQLite test
database they are skipped. .ci/run runs them both ways.
"""

import threading

import pytest
from django.db import connection, connections


def _sqlite_test_db_in_memory() -> bool:
    name = (connection.settings_dict.get("TEST") or {}).get("NAME")
    return not name or name == ":memory:" or "mode=memory" in str(name)


IS_POSTGRESQL = connection.vendor == "postgresql"
IS_SQLITE_FILE = connection.vendor == "sqlite" and not _sqlite_test_db_in_memory()

concurrent_db_only = pytest.mark.skipif(
    not (IS_POSTGRESQL or IS_SQLITE_FILE),
    reason="needs PostgreSQL, or SQLite with a test database in a file, for concurrent "
    "connections (the SQLite test database is in memory; set SPONTAAN_TEST_SQLITE_FILE=1)",
)


def run_together(calls):
    """Run the callables in threads that start at the same moment; return per call
    ("ok", result) or ("error", exception)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def work(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = ("ok", call())
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            results[index] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hangs (deadlock?)"
    return results
