"""Asking the municipality for help and reporting a rule in the way: easy to find for the team,
explained in plain words where one chooses, and an answer whose outcome nobody picks
beforehand."""

import pytest

from spontaan.initiatives.asks import ask_create
from spontaan.initiatives.models import Ask, RuleConflict, Status

pytestmark = pytest.mark.django_db


def _ask_url(initiative) -> str:
    return f"/initiatieven/{initiative.pk}/vraag/"


def test_the_team_leads_with_the_ask_on_a_new_initiative(client, initiative, resident):
    # given: a brand-new idea
    initiative.status = Status.IDEA
    initiative.save(update_fields=["status"])
    client.force_login(resident)
    # when: the team opens its page
    html = client.get(initiative.get_absolute_url()).content.decode()
    # then: asking for help is the main button, high on the page (before the story and asks)
    ask_button = f'<a class="button" href="{_ask_url(initiative)}">'
    assert ask_button in html
    assert html.index(ask_button) < html.index('id="asks"')
    # and "no asks yet" leads to the form
    no_asks = html[html.index("Nog geen hulpvragen.") :][:300]
    assert f'href="{_ask_url(initiative)}"' in no_asks


def test_later_on_the_ask_stays_at_the_top_but_less_loud(client, initiative, resident):
    initiative.status = Status.RUNNING
    initiative.save(update_fields=["status"])
    client.force_login(resident)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert f'<a class="button button--secondary" href="{_ask_url(initiative)}">' in html
    assert f'<a class="button" href="{_ask_url(initiative)}">' not in html


@pytest.mark.parametrize("who", ["anonymous", "other_resident"])
def test_visitors_get_no_ask_link(client, initiative, other_resident, who):
    if who != "anonymous":
        client.force_login(other_resident)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert _ask_url(initiative) not in html
    assert "team-next" not in html


def test_the_ask_page_explains_the_four_kinds_in_plain_words(client, initiative, resident):
    client.force_login(resident)
    response = client.get(_ask_url(initiative))
    assert response.status_code == 200
    html = response.content.decode()
    # the plain words first, the official term beside them
    for plain, official in [
        ("Over geld", "financieel-economisch"),
        ("Over regels en vergunningen", "juridisch-planologisch"),
        ("Contacten en bekendheid", "communicatief"),
        ("Praktische hulp", "organisatorisch"),
    ]:
        assert f"{plain} ({official})" in html
    assert 'name="ask-kind"' in html and "checked" not in html.split('name="ask-kind"')[1][:80]


def test_an_ask_is_sent_from_its_page(client, initiative, resident):
    client.force_login(resident)
    response = client.post(
        _ask_url(initiative),
        {"ask-kind": "financial", "ask-title": "Een bijdrage voor zaad", "ask-text": ""},
    )
    assert response.status_code == 302 and response["Location"] == initiative.get_absolute_url()
    ask = Ask.objects.get()
    assert ask.kind == "financial" and ask.title == "Een bijdrage voor zaad"


def test_a_failed_ask_shows_its_page_again_with_the_errors(client, initiative, resident):
    client.force_login(resident)
    response = client.post(_ask_url(initiative), {"ask-kind": "", "ask-title": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "form-errors" in html and "Kies waar je hulp bij nodig hebt." in html
    assert "<h1" in html and "Vraag de gemeente om hulp" in html
    assert not Ask.objects.exists()


@pytest.mark.parametrize("path", ["vraag", "regel"])
def test_only_the_team_may_open_the_ask_and_rule_pages(client, initiative, other_resident, path):
    url = f"/initiatieven/{initiative.pk}/{path}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(other_resident)
    assert client.get(url).status_code == 403
    assert client.post(url, {"ask-kind": "question", "ask-title": "x"}).status_code == 403
    assert not Ask.objects.exists()


def test_a_rule_in_the_way_is_reported_from_its_page(client, initiative, resident):
    client.force_login(resident)
    url = f"/initiatieven/{initiative.pk}/regel/"
    html = client.get(url).content.decode()
    assert "strijdigheid met een regel" in html  # the official term, beside the plain words
    assert '<option value="" selected>' in html  # no kind of rule chosen beforehand
    response = client.post(url, {"conflict-rule_kind": "", "conflict-rule": "APV art. 2"})
    assert response.status_code == 400 and not RuleConflict.objects.exists()
    response = client.post(
        url,
        {
            "conflict-rule_kind": "local_regulation",
            "conflict-rule": "APV art. 2",
            "conflict-description": "Een terras op de stoep mag niet.",
        },
    )
    assert response.status_code == 302
    assert RuleConflict.objects.get().rule == "APV art. 2"


def test_the_answer_outcome_is_not_chosen_beforehand(client, initiative, resident, connector):
    # given: an ask the connector has not answered
    ask = ask_create(user=resident, initiative=initiative, kind="question", title="Mag dit?")
    client.force_login(connector)
    html = client.get(initiative.get_absolute_url()).content.decode()
    select = html[html.index(f'name="ask{ask.pk}-outcome"') :][:400]
    # then: the empty choice is the selected one, "yes" is not
    assert '<option value="" selected>' in select
    assert '<option value="yes" selected>' not in select
    # when: the connector sends an answer without an outcome
    response = client.post(
        f"/initiatieven/vraag/{ask.pk}/antwoord/",
        {f"ask{ask.pk}-outcome": "", f"ask{ask.pk}-answer": "We kijken ernaar."},
    )
    # then: nothing is recorded, and the form says what to choose
    assert response.status_code == 400
    assert "Kies de uitkomst van je antwoord." in response.content.decode()
    ask.refresh_from_db()
    assert not ask.is_answered
