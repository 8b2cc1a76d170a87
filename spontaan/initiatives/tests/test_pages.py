import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spontaan.initiatives.asks import ask_create
from spontaan.initiatives.models import Ask, Initiative, Status
from spontaan.initiatives.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _answer(client, ask, outcome, answer):
    """Posts the answer form of `ask`."""
    return client.post(
        f"/initiatieven/vraag/{ask.pk}/antwoord/",
        {f"ask{ask.pk}-outcome": outcome, f"ask{ask.pk}-answer": answer},
    )


def test_the_list_filters_and_paginates(client, municipality, other_municipality, resident):
    InitiativeFactory.create_batch(
        3, municipality=municipality, created_by=resident, category="public_space"
    )
    InitiativeFactory(municipality=other_municipality, created_by=resident, title="Borne zelf")
    InitiativeFactory(municipality=municipality, created_by=resident, hidden=True, title="Spam")
    page = client.get("/initiatieven/", {"municipality": "borne"}).content.decode()
    assert "Borne zelf" in page and "Initiatief" not in page.split("Borne zelf")[0][-200:]
    assert "Spam" not in client.get("/initiatieven/").content.decode()
    assert client.get("/initiatieven/", {"q": "Borne"}).status_code == 200
    assert client.get("/initiatieven/", {"category": "nonsense"}).status_code == 200
    assert client.get("/initiatieven/", {"pagina": "999"}).status_code == 200
    # 20 to a page: with 20 more, the 24 visible ones make a second page of 4, newest first
    InitiativeFactory.create_batch(20, municipality=municipality, created_by=resident)
    first, second = (client.get("/initiatieven/", {"pagina": n}) for n in (1, 2))
    assert first.status_code == 200 and second.status_code == 200
    first, second = first.content.decode(), second.content.decode()
    assert first.count('<li class="card">') == 20 and second.count('<li class="card">') == 4
    assert "pagina=2" in first
    oldest = Initiative.objects.filter(is_hidden=False).order_by("-created_at", "-id")[20:]
    assert all(f">{i.title}<" in second and f">{i.title}<" not in first for i in oldest)


def _new_initiative_data(municipality, **changes):
    """What the form for a new initiative posts."""
    return {
        "municipality": municipality.slug,
        "title": "Pop-up bibliotheek",
        "summary": "Boeken ruilen op het plein.",
        "category": "activity",
        "latitude": "52.2658",
        "longitude": "6.7931",
        **changes,
    }


def test_starting_an_initiative_through_the_form(client, resident, municipality):
    client.force_login(resident)
    response = client.post("/initiatieven/nieuw/", _new_initiative_data(municipality))
    initiative = Initiative.objects.get(title="Pop-up bibliotheek")
    assert response.status_code == 302 and response["Location"] == initiative.get_absolute_url()
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Pop-up bibliotheek" in page


def test_form_errors_are_shown_and_nothing_is_written(client, resident, municipality):
    client.force_login(resident)
    data = _new_initiative_data(municipality, title="", summary="x", latitude="10", longitude="10")
    response = client.post("/initiatieven/nieuw/", data)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert Initiative.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/initiatieven/nieuw/")
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_others_may_not_edit_and_hidden_is_not_found(client, initiative, other_resident):
    client.force_login(other_resident)
    assert client.get(f"/initiatieven/{initiative.pk}/bewerken/").status_code == 403
    Initiative.objects.filter(pk=initiative.pk).update(is_hidden=True)
    assert client.get(f"/initiatieven/{initiative.pk}/").status_code == 404
    assert client.get("/initiatieven/999999/").status_code == 404


def test_the_detail_page_shows_the_waiting_clock_and_the_answer(
    client, initiative, resident, connector
):
    client.force_login(resident)
    client.post(
        f"/initiatieven/{initiative.pk}/vraag/",
        {
            "ask-kind": "communicative",
            "ask-title": "Flyers in het stadhuis",
            "ask-text": "",
        },
    )
    ask = Ask.objects.get()
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Flyers in het stadhuis" in page
    assert "waiting-" not in page  # sanity: class names are not leaked as text
    client.force_login(connector)
    assert _answer(client, ask, "yes", "Ze liggen klaar.").status_code == 302
    client.force_login(resident)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Ze liggen klaar." in page


def test_a_connector_of_another_municipality_cannot_answer(
    client, initiative, resident, other_connector
):
    ask = ask_create(user=resident, initiative=initiative, kind="question", title="Vraag")
    client.force_login(other_connector)
    assert _answer(client, ask, "yes", "Ja").status_code == 403
    assert not Ask.objects.get(pk=ask.pk).is_answered


def test_an_invalid_transition_form_is_shown_again(client, initiative, resident):
    client.force_login(resident)
    response = client.post(
        f"/initiatieven/{initiative.pk}/status/",
        {"transition-status": "granted", "transition-note": "ik wil geld"},
    )
    assert response.status_code == 400
    assert Initiative.objects.get(pk=initiative.pk).status == Status.IDEA


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_detail_queries_do_not_grow_with_the_data(
    client, municipality, resident, connector
):
    first = InitiativeFactory.create_batch(10, municipality=municipality, created_by=resident)
    client.force_login(connector)
    urls = (
        "/initiatieven/",
        "/",
        "/initiatieven/kaart/",
        f"/initiatieven/{first[0].pk}/",
        "/reactiesnelheid/",
        "/gemeenten/",
    )
    small = [_count(client, url) for url in urls]
    Initiative.objects.bulk_create(
        [
            Initiative(
                municipality=municipality,
                created_by=resident,
                title=f"I{n}",
                summary="s",
                category="other",
            )
            for n in range(990)
        ]
    )
    large = [_count(client, url) for url in urls]
    assert small == large
