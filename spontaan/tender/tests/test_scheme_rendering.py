"""The public scheme page counts its applications in one grouped query and translates and
formats what is the same for every decided case once, not per case."""

from unittest import mock

import pytest
from django.db import connection
from django.template.defaultfilters import floatformat
from django.templatetags import i18n
from django.test.utils import CaptureQueriesContext

from spontaan.tender.schemes.selectors import (
    scheme_application_figures,
    scheme_counts,
    scheme_phases,
    scheme_tranches,
)

from .test_scheme_pages import _decided, _page


def _application_aggregates(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [
        q["sql"]
        for q in ctx.captured_queries
        if ("COUNT(" in q["sql"] or "SUM(" in q["sql"])
        and '"tender_application"' in q["sql"]
        and '"initiatives_initiative"' not in q["sql"]  # the paginator's count of the cases
    ]


def test_the_scheme_page_counts_its_applications_in_one_grouped_query(
    client, scheme, granted, municipality, resident, reviewer, regional_manager
):
    _decided(scheme, municipality, resident, reviewer, regional_manager, 3)
    aggregates = _application_aggregates(client, _page(scheme))
    assert len(aggregates) == 1, aggregates
    assert "GROUP BY" in aggregates[0]


def test_the_grouped_figures_are_the_separate_counts(
    scheme, granted, submitted, municipality, resident, reviewer, regional_manager
):
    _decided(scheme, municipality, resident, reviewer, regional_manager, 5)
    figures = scheme_application_figures(scheme=scheme)
    counts = scheme_counts(scheme=scheme, figures=figures)
    assert counts["granted"] == 4  # `granted` and 3 of the 5
    assert counts["not_granted"] == 2
    assert counts["granted_euros"] == 5000 + 3 * 1000
    assert counts["received"] == 6
    assert scheme_counts(scheme=scheme) == counts
    assert [(p.received, p.granted) for p in scheme_phases(scheme=scheme, figures=figures)] == [
        (p.received, p.granted) for p in scheme_phases(scheme=scheme)
    ]
    assert [(t.received, t.granted) for t in scheme_tranches(scheme=scheme)] == [
        (t.received, t.granted) for t in scheme_tranches(scheme=scheme, figures=figures)
    ]


def _per_page_work(client, url) -> tuple[int, int]:
    """How many translation tags and floatformat calls render the page."""
    calls = {"tags": 0, "floatformat": 0}
    translate, blocktranslate = i18n.TranslateNode.render, i18n.BlockTranslateNode.render

    def counted(original, key):
        def wrapper(*args, **kwargs):
            calls[key] += 1
            return original(*args, **kwargs)

        return wrapper

    with (
        mock.patch.object(i18n.TranslateNode, "render", counted(translate, "tags")),
        mock.patch.object(i18n.BlockTranslateNode, "render", counted(blocktranslate, "tags")),
        mock.patch(
            "django.template.defaultfilters.floatformat", counted(floatformat, "floatformat")
        ),
    ):
        assert client.get(url).status_code == 200
    return calls["tags"], calls["floatformat"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_translations_and_numbers_are_not_rendered_per_case(
    client, scheme, municipality, resident, reviewer, regional_manager, language
):
    client.cookies["django_language"] = language
    _decided(scheme, municipality, resident, reviewer, regional_manager, 1)
    one_case = _per_page_work(client, _page(scheme))
    _decided(scheme, municipality, resident, reviewer, regional_manager, 5)
    six_cases = _per_page_work(client, _page(scheme))
    assert six_cases == one_case


def test_a_case_reads_as_before(english, scheme, granted):
    html = english.get(_page(scheme)).content.decode()
    assert "Hengelo · decided on " in html
    assert "€\u00a05,000 of the €\u00a06,000 requested" in html
    assert "The panel&#x27;s mean score per criterion (1 to 5)" in html
    assert f'href="/regelingen/aanvragen/{granted.pk}/"' in html
    assert "The full decision on “Buurtmoestuin Hengelose Es”" in html
    assert '<th scope="row">Weighted mean</th><td class="num">3.50</td>' in html


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client
