"""Searching initiatives: substring matches on text without accents and case, served by a
trigram index, with the same results on SQLite and PostgreSQL (CI runs this on both)."""

import pytest
from django.db import connection

from spontaan.core.search import search_key
from spontaan.initiatives import services
from spontaan.initiatives.search_index import ensure_search_index
from spontaan.initiatives.selectors import InitiativeFilters, initiative_list

pytestmark = pytest.mark.django_db

TITLES = [
    ("Buurtmoestuin Hengelose Es", "Groente voor en door de buurt.", "Marktstraat 1"),
    ("Café De Zon", "Koffie en ontmoeting op het plein.", "Oude Markt 4"),
    ("Kunst in de Straße", "Een Duitse gast schildert.", ""),
    ("ÉÉN STRAAT, ÉÉN FEEST", "Buurtfeest met crème brûlée.", "Enschede"),
    ("Tiny house", "Wonen op 20 m².", "Hengelo"),
]


@pytest.fixture
def initiatives(resident, municipality):
    return [
        services.initiative_create(
            user=resident,
            municipality=municipality,
            title=title,
            summary=summary,
            category="activity",
            address=address,
        )
        for title, summary, address in TITLES
    ]


def _found(user, q):
    return {i.title for i in initiative_list(user=user, filters=InitiativeFilters(q=q))}


def _expected(q):
    """The meaning of a search, in plain Python: every word a substring of the text."""
    words = search_key(q).split()
    return {
        title
        for title, summary, address in TITLES
        if all(w in search_key(f"{title}\n{summary}\n{address}") for w in words)
    }


@pytest.mark.parametrize(
    "q",
    [
        "moestuin",  # part of a compound word
        "BUURT",  # case
        "cafe",  # no accent finds an accent
        "café",
        "CAFÉ",
        "strasse",  # ß folds to ss
        "straße",
        "een feest",  # two words, both needed
        "creme brulee",
        "es",  # shorter than a trigram
        "m2",  # NFKD: ² is 2
        "zzz",  # nothing
    ],
)
def test_search_finds_substrings_without_accents_or_case(initiatives, resident, q):
    assert _found(resident, q) == _expected(q)
    assert _expected("moestuin") == {"Buurtmoestuin Hengelose Es"}  # the test means something


def test_a_changed_title_is_found_at_once(initiatives, resident):
    first = initiatives[0]
    services.initiative_update(user=resident, initiative=first, data={"title": "Pluktuin De Es"})
    assert "Pluktuin De Es" in _found(resident, "pluktuin")
    assert _found(resident, "moestuin") == set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite index's triggers")
def test_the_index_comes_back_when_a_table_rebuild_dropped_its_triggers(initiatives, resident):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER initiatives_search_ai")
    ensure_search_index()
    services.initiative_create(
        user=resident,
        municipality=initiatives[0].municipality,
        title="Nieuwe speeltuin",
        summary="Schommels.",
        category="activity",
    )
    assert _found(resident, "speeltuin") == {"Nieuwe speeltuin"}


def test_a_search_counts_up_to_a_cap_and_pages_through_what_it_counted(
    initiatives, resident, monkeypatch, client
):
    from django.test.utils import CaptureQueriesContext

    from spontaan.initiatives import listing

    monkeypatch.setattr(listing, "SEARCH_COUNT_CAP", 2)
    monkeypatch.setattr(listing, "PAGE_SIZE", 1)
    services.initiative_create(
        user=resident,
        municipality=initiatives[0].municipality,
        title="Buurtbank",
        summary="Een bank voor iedereen.",
        category="activity",
    )
    # "buurt" is in three of the six; the count stops after the cap
    with CaptureQueriesContext(connection) as ctx:
        page = listing.initiative_page(
            user=resident, filters=InitiativeFilters(q="buurt"), number=1
        )
        assert page.paginator.capped and page.paginator.count == 2
    [count_sql] = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert "LIMIT 3" in count_sql.upper()
    assert page.paginator.num_pages == 2
    assert (
        listing.initiative_page(
            user=resident, filters=InitiativeFilters(q="buurt"), number=99
        ).number
        == 2
    )
    # under the cap the count is exact; without a search term it is never capped
    exact = listing.initiative_page(user=resident, filters=InitiativeFilters(q="café"), number=1)
    assert not exact.paginator.capped and exact.paginator.count == 1
    unfiltered = listing.initiative_page(user=resident, filters=InitiativeFilters(), number=1)
    assert unfiltered.paginator.count == len(TITLES) + 1
    assert not getattr(unfiltered.paginator, "capped", False)
    # the page says that there are more than it counted
    html = client.get("/initiatieven/", {"q": "buurt"}).content.decode()
    assert "Meer dan 2 initiatieven. Je ziet de eerste 2" in html
    assert ">2 initiatieven<" not in html and "3 initiatieven" not in html
