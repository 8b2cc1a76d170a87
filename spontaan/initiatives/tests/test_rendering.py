"""Pages pay once, not per row, for what is the same on every row; forms only for who can
use them; the number of queries does not grow with the data."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spontaan.initiatives.kinds import EventKey
from spontaan.initiatives.models import TimelineEvent
from spontaan.initiatives.tests.factories import FunctionFactory, InitiativeFactory

WIDGET_TEMPLATES = "django/forms/widgets/"


def _templates(response) -> list[str]:
    return [t.name for t in response.templates if t.name]


def test_the_filter_form_renders_without_a_widget_template_per_option(
    client, municipality, other_municipality
):
    FunctionFactory(slug="moestuin", name_nl="Moestuin", name_en="Vegetable garden")
    response = client.get("/initiatieven/", {"municipality": "borne", "status": "running"})
    html = response.content.decode()
    assert not [name for name in _templates(response) if name.startswith(WIDGET_TEMPLATES)]
    # the options as before, the chosen ones selected
    assert '<option value="borne" selected>Borne</option>' in html
    assert '<option value="hengelo">Hengelo</option>' in html
    assert '<option value="running" selected>loopt</option>' in html
    assert '<option value="" selected>Alle categorieën</option>' in html
    assert '<option value="moestuin">Moestuin</option>' in html
    assert '<option value="">Alle gemeenten</option>' in html
    # an unknown value selects nothing and filters nothing
    html = client.get("/initiatieven/", {"status": "<b>nope</b>"}).content.decode()
    assert " selected>Elke status<" not in html and "<b>nope" not in html


def test_the_filter_options_follow_the_language(client, municipality):
    FunctionFactory(slug="moestuin", name_nl="Moestuin", name_en="Vegetable garden")
    client.cookies["django_language"] = "en"
    html = client.get("/initiatieven/", {"q": "tuin"}).content.decode()
    assert '<option value="moestuin">Vegetable garden</option>' in html
    assert '<option value="running">running</option>' in html
    assert 'name="q" value="tuin"' in html


FORM_FIELDS = {
    "ask": 'name="ask-title"',
    "conflict": 'name="conflict-rule"',
    "team": 'name="team-email"',
    "news": 'name="news-title"',
    "respond": 'name="respond-text"',
}


@pytest.mark.parametrize("who", ["anonymous", "other_resident"])
def test_visitors_get_no_team_or_staff_forms(client, initiative, other_resident, who):
    if who != "anonymous":
        client.force_login(other_resident)
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for key, field in FORM_FIELDS.items():
        assert field not in html, key
    assert not [name for name in _templates(response) if name.startswith(WIDGET_TEMPLATES)]
    assert "initiatives/_detail_tools.html" not in _templates(response)  # nothing built


def test_the_team_and_the_staff_get_their_forms(client, initiative, resident, connector):
    client.force_login(resident)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert all(FORM_FIELDS[k] in html for k in ("team", "news"))
    # asking and reporting a rule have their own pages, linked from the top of this one
    assert f'href="/initiatieven/{initiative.pk}/vraag/"' in html
    assert f'href="/initiatieven/{initiative.pk}/regel/"' in html
    assert (
        FORM_FIELDS["ask"] in client.get(f"/initiatieven/{initiative.pk}/vraag/").content.decode()
    )
    assert (
        FORM_FIELDS["conflict"]
        in client.get(f"/initiatieven/{initiative.pk}/regel/").content.decode()
    )
    assert FORM_FIELDS["respond"] not in html
    client.force_login(connector)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert FORM_FIELDS["respond"] in html and FORM_FIELDS["ask"] not in html


# --- queries flat with the data --------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _more(n, municipality, resident, functions, detail):
    for initiative in InitiativeFactory.create_batch(
        n, municipality=municipality, created_by=resident
    ):
        initiative.functions.set(functions)
        initiative.follows.create(user=resident)
    TimelineEvent.objects.bulk_create(
        TimelineEvent(initiative=detail, kind=EventKey.UPDATE_POSTED, user=resident, text="t")
        for _ in range(n)
    )


@pytest.mark.parametrize("who", ["anonymous", "resident", "connector"])
def test_queries_do_not_grow_from_5_to_50_initiatives(
    municipality, resident, connector, initiative, who
):
    functions = [FunctionFactory(slug="moestuin"), FunctionFactory(slug="buurthuis")]
    urls = [
        "/initiatieven/",
        "/initiatieven/?q=Initiatief&status=idea",
        initiative.get_absolute_url(),
        "/api/v1/initiatives",
        f"/gemeenten/{municipality.slug}/",
    ]
    client = Client()
    if who != "anonymous":
        client.force_login(resident if who == "resident" else connector)
        urls.append("/mijn-spontaan/")
    _more(4, municipality, resident, functions, initiative)
    client.get("/")  # warm the caches of a first request (the region's name)
    with_5 = [_count(client, url) for url in urls]
    _more(45, municipality, resident, functions, initiative)
    with_50 = [_count(client, url) for url in urls]
    assert with_5 == with_50


def test_the_personal_page_counts_the_rest_of_ones_initiatives(
    client, municipality, resident, initiative
):
    client.force_login(resident)
    _more(14, municipality, resident, [], initiative)  # 15 with `initiative`, 10 shown
    assert "En nog 5, het langst niet gewijzigd." in client.get("/mijn-spontaan/").content.decode()
    _more(1, municipality, resident, [], initiative)
    assert "En nog 6, het langst niet gewijzigd." in client.get("/mijn-spontaan/").content.decode()
