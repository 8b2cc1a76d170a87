"""Fixtures for end-to-end tests in headless Chromium (Debian's, no Playwright download).

The live server runs in a thread of the test process, so e-mail lands in `mail.outbox`.
Chromium resolves no host but localhost, so requests elsewhere (map tiles, the address search)
fail at once: the tests must not need the internet and must not wait for it.
"""

import os
import shutil

import pytest

from .axe import AxeAudit

CHROMIUM = os.environ.get("SPONTAAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No internet in tests: every host but the live server fails at once (map tiles, geocoder).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
]
TIMEOUT_MS = 15_000
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="session")
def chromium_browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread, and Django then refuses ORM
    # calls from it ("You cannot call this from an async context"). Allow them while the
    # browser runs (only for the browser tests, not for the rest of the suite).
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


def _new_context(browser, **options):
    # bypass_csp: the site's CSP (script-src 'self') would block the injected axe-core.
    context = browser.new_context(bypass_csp=True, locale="nl-NL", **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def new_context(chromium_browser, live_server):
    """Factory for more browser contexts (e.g. a phone); all are closed after the test."""
    contexts = []

    def make(**options):
        context = _new_context(chromium_browser, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A desktop-sized page in a fresh context."""
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture
def axe_audit():
    return AxeAudit()


@pytest.fixture
def demo_region(transactional_db):
    """The demo region (Twente's five municipalities, functions, demo accounts and data)."""
    from io import StringIO

    from django.core.management import call_command

    call_command("demo", stdout=StringIO())
