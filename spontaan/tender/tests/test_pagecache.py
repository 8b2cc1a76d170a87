"""Public scheme pages are cached for anonymous visitors, and a decision shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .conftest import score_all

pytestmark = pytest.mark.django_db


def test_the_scheme_page_is_cached_until_a_decision_is_made(
    page_cache, submitted, reviewer, programme_manager, django_capture_on_commit_callbacks
):
    visitor = Client()
    url = submitted.scheme.get_absolute_url()
    first = visitor.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert visitor.get(url).content == first.content
    assert len(ctx.captured_queries) == 1  # only the versions of the page's areas

    score_all(reviewer, submitted)
    manager = Client()
    manager.force_login(programme_manager)
    initiative_page = submitted.initiative.get_absolute_url()
    assert "4.000" not in visitor.get(initiative_page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(
            f"/regelingen/aanvragen/{submitted.pk}/besluit/",
            {
                "decide-outcome": "granted",
                "decide-amount": "4000",
                "decide-reasoning": "Een blijvende plek om elkaar te ontmoeten.",
            },
        )
    assert response.status_code == 302
    assert "Een blijvende plek om elkaar te ontmoeten." in visitor.get(url).content.decode()
    # the initiative's page shows its grant at once too
    assert "4.000" in visitor.get(initiative_page).content.decode()
    # the visitor's own applications are never cached: they need a login
    assert visitor.get("/regelingen/mijn-aanvragen/").status_code == 302
