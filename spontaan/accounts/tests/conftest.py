import re

import pytest


@pytest.fixture
def committed(db, django_capture_on_commit_callbacks):
    """Run what the code under test schedules with transaction.on_commit (e-mail tasks)."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def link_in(body: str) -> str:
    """The first link in an e-mail body, as a path."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


@pytest.fixture
def mailoutbox(db, mailoutbox):
    """pytest-django's outbox, taken after the database is set up (which resets the outbox)."""
    return mailoutbox


@pytest.fixture(autouse=True)
def english_interface(settings):
    """These tests read the English source texts; the Dutch ones are checked elsewhere."""
    settings.LANGUAGE_CODE = "en"
    settings.LANGUAGES = [("en", "English")]
