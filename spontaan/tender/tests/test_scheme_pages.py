"""The scheme pages: the public list and page, setting up, settings, managing, the panel's queue.

Who is who (see conftest): `regional_manager` is programme manager of Hengelo and Borne (the
scheme's two municipalities), `programme_manager` of Hengelo only, `other_manager` of Borne
only; `reviewer` holds the reviewer role in Hengelo and sits on the panel; `resident` is the
initiator of the Hengelo initiative.

Content checks look for data, web addresses and numbers, or ask for English (the language
cookie): the Dutch translations are added later and must not break these tests.
"""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spontaan.accounts.models import Role, RoleGrant
from spontaan.clock.models import Clock
from spontaan.core.workdays import add_working_days
from spontaan.initiatives.tests.factories import InitiativeFactory
from spontaan.tender.applications import assessment
from spontaan.tender.kinds import ClockKey
from spontaan.tender.models import (
    Application,
    ApplicationStatus,
    Criterion,
    Decision,
    EntryKind,
    Funder,
    LedgerEntry,
    Mode,
    Outcome,
    Phase,
    Review,
    Reviewer,
    Scheme,
    SchemeStatus,
    Score,
    Tranche,
)
from spontaan.tender.money import services as money_services
from spontaan.tender.schemes import services as scheme_services

from .conftest import _user, score_all

pytestmark = pytest.mark.django_db

LIST = "/regelingen/"
NEW = "/regelingen/nieuw/"
QUEUE = "/regelingen/beoordelen/"


def _page(scheme):
    return f"/regelingen/{scheme.slug}/"


def _settings(scheme):
    return f"/regelingen/{scheme.slug}/instellingen/"


def _manage(scheme):
    return f"/regelingen/{scheme.slug}/beheer/"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def people(resident, reviewer, programme_manager, regional_manager, other_manager):
    return {
        "anonymous": None,
        "resident": resident,
        "reviewer": reviewer,
        "programme_manager": programme_manager,
        "regional_manager": regional_manager,
        "other_manager": other_manager,
    }


def _as(client, user):
    language = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    client.logout()  # (which forgets every cookie)
    if language is not None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language.value
    if user is not None:
        client.force_login(user)
    return client


def _html(client, url, params=None, status=200) -> str:
    """The page's HTML, after checking its status (so a 404 never passes for a page without
    the text a test looks for)."""
    response = client.get(url, params or {})
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _status(client, user, url, method="get", data=None):
    _as(client, user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


MANAGERS = {"programme_manager", "regional_manager", "other_manager"}


def _statuses(client, people, url):
    """The status of `url` for each of the people."""
    return {name: _status(client, user, url) for name, user in people.items()}


def _only(allowed, *, refused=403, anonymous=302):
    """The statuses of a page only `allowed` may see: the others are refused, and anonymous
    visitors sent to log in."""
    return {
        name: 200 if name in allowed else anonymous if name == "anonymous" else refused
        for name in ("anonymous", "resident", "reviewer", *sorted(MANAGERS))
    }


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_open_schemes_to_everyone(client, people, scheme):
    for name, user in people.items():
        page = _html(_as(client, user), LIST)
        assert "Spontane Binnenstad" in page and _page(scheme) in page
        assert "100.000" in page  # the budget left, in Dutch number format
        assert (f'href="{NEW}"' in page) is (name in MANAGERS), name


def test_the_list_has_an_empty_state(english, resident):
    english.force_login(resident)
    page = _html(english, LIST)
    assert "There are no grant schemes yet." in page
    assert f'href="{NEW}"' not in page


def test_a_draft_scheme_is_hidden_from_the_public(client, people, draft_scheme):
    expected = _only(MANAGERS, refused=404, anonymous=404)
    assert _statuses(client, people, _page(draft_scheme)) == expected
    for name, user in people.items():
        listed = "Geheime Regeling" in _html(_as(client, user), LIST)
        assert listed is (name in MANAGERS), name
    assert _status(client, None, _manage(draft_scheme)) == 302  # to log in
    assert _status(client, people["resident"], _manage(draft_scheme)) == 404
    assert _status(client, people["resident"], _settings(draft_scheme)) == 404
    assert _status(client, people["programme_manager"], _settings(draft_scheme)) == 403
    assert _status(client, people["regional_manager"], _settings(draft_scheme)) == 200


# --- the public page --------------------------------------------------------------------------


def test_the_public_page_explains_the_scheme(english, people, scheme):
    for name, user in people.items():
        page = _html(_as(english, user), _page(scheme))
        assert page.count("<h1") == 1
        assert "Initiatives that strengthen the city centre" not in page  # sanity
        assert "Initiatieven die de binnenstad versterken." in page  # the purpose
        assert "Provincie Overijssel" in page and "50,000" in page  # a funder and its share
        assert "Past bij het stadsprofiel" in page and "25%" in page  # a criterion, its weight
        assert "from 1 (poor) to 5 (excellent)" in page
        assert "10,000" in page  # at most per initiative
        assert "at least 20%" in page  # co-financing
        assert "every category" in page
        assert "within 20 working days" in page  # rolling mode
        assert "No decisions yet." in page
        assert 'href="/initiatieven/nieuw/"' in page  # how to apply: from an initiative
        assert (f'href="{_manage(scheme)}"' in page) is (name in MANAGERS), name
        assert (f'href="{_settings(scheme)}"' in page) is (name == "regional_manager"), name
    assert english.get("/regelingen/bestaat-niet/").status_code == 404


def test_the_public_page_shows_a_decision_with_its_reasons_and_scores(english, scheme, granted):
    page = _html(english, _page(scheme))
    assert "Buurtmoestuin Hengelose Es" in page
    assert f'href="{granted.initiative.get_absolute_url()}"' in page
    assert "Versterkt het profiel van de binnenstad." in page  # public reasoning
    assert "Foto&#x27;s achteraf." in page  # conditions
    assert "€\u00a05,000 of the €\u00a06,000 requested" in page
    # per criterion the panel's mean (4 and 3) and how many scored it
    assert '<td class="num">3.5</td><td class="num">2</td>' in page
    # budget left after the grant: 100,000 − 5,000
    assert "€\u00a095,000" in page
    assert "Left to grant" in page


def test_the_public_page_in_dutch_formats_numbers(client, scheme, granted):
    page = _html(client, _page(scheme))
    assert "€\u00a095.000" in page and '<td class="num">3,5</td>' in page


def test_hidden_initiatives_are_left_out_of_the_public_decisions(client, scheme, granted):
    granted.initiative.__class__.objects.filter(pk=granted.initiative_id).update(is_hidden=True)
    page = _html(client, _page(scheme))
    assert "Spontane Binnenstad" in page
    assert "Buurtmoestuin Hengelose Es" not in page


def test_the_public_page_shows_the_history_of_modes_and_the_tranches(
    english, scheme, regional_manager
):
    scheme_services.scheme_switch_mode(
        user=regional_manager, scheme=scheme, mode=Mode.TRANCHES, note="Te veel aanvragen tegelijk."
    )
    today = timezone.localdate()
    scheme_services.tranche_add(
        user=regional_manager,
        scheme=scheme,
        name="Voorjaar",
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=5),
        decide_by=today + timedelta(days=30),
    )
    scheme_services.tranche_add(
        user=regional_manager,
        scheme=scheme,
        name="Winter",
        opens_on=today - timedelta(days=90),
        closes_on=today - timedelta(days=60),
        decide_by=today - timedelta(days=30),
    )
    page = _html(english, _page(scheme))
    assert "Te veel aanvragen tegelijk." in page
    assert "Rolling</strong>" in page and "Tranches</strong>" in page
    assert "Voorjaar" in page and "open now" in page
    assert "Voorjaar is open: apply by" in page  # the call to action names the open tranche
    assert "Winter" in page and ">closed<" in page


def test_decisions_are_paginated(
    client, scheme, municipality, resident, reviewer, programme_manager
):
    _decided(scheme, municipality, resident, reviewer, programme_manager, 13)
    first = _html(client, _page(scheme))
    second = _html(client, _page(scheme), {"pagina": 2})
    assert first.count('class="case"') == 10 and second.count('class="case"') == 3
    assert "pagina=2" in first
    assert client.get(_page(scheme), {"pagina": "nonsense"}).status_code == 200


# --- a new scheme -----------------------------------------------------------------------------


def _scheme_fields(name, purpose, budget, max_each, cofinancing, decision_days, funders):
    """The fields the new scheme form and the basics form share; `funders` are (name,
    amount) rows."""
    data = {
        "name": name,
        "purpose": purpose,
        "budget_euros": budget,
        "max_per_initiative_euros": max_each,
        "min_cofinancing_percent": cofinancing,
        "score_max": "5",
        "decision_days": decision_days,
    }
    for n, (funder, amount) in enumerate(funders):
        data[f"funder_{n}_name"] = funder
        data[f"funder_{n}_amount"] = amount
    return data


def _new_scheme_data(municipality, **changes):
    funders = [("Gemeente Hengelo", "30000"), ("Provincie", "20000"), ("", "")]
    return {
        **_scheme_fields(
            "Groene Wijken", "Meer **groen** in de wijk.", "50000", "5000", "10", "25", funders
        ),
        "slug": "",
        "municipalities": [municipality.slug],
        "eligible_categories": ["public_space"],
        "mode": "rolling",
        **changes,
    }


def test_only_programme_managers_may_set_up_a_scheme(client, people, municipality):
    assert _statuses(client, people, NEW) == _only(MANAGERS)
    _as(client, people["resident"])
    assert client.post(NEW, _new_scheme_data(municipality)).status_code == 403
    assert Scheme.objects.count() == 0


def test_the_new_scheme_form_offers_only_ones_own_municipalities(
    client, programme_manager, municipality
):
    client.force_login(programme_manager)
    page = _html(client, NEW)
    assert 'value="hengelo"' in page and 'value="borne"' not in page
    assert "Past bij het stadsprofiel" in page  # the default criteria are listed


def test_setting_up_a_scheme(client, programme_manager, municipality):
    client.force_login(programme_manager)
    response = client.post(NEW, _new_scheme_data(municipality))
    scheme = Scheme.objects.get()
    assert response.status_code == 302 and response["Location"] == _settings(scheme)
    assert scheme.slug == "groene-wijken" and scheme.status == SchemeStatus.DRAFT
    assert scheme.mode == Mode.ROLLING and scheme.decision_days == 25
    assert scheme.eligible_categories == ["public_space"]
    assert "<strong>groen</strong>" in scheme.purpose_html
    assert list(scheme.municipalities.all()) == [municipality]
    assert sorted(scheme.funders.values_list("name", "amount_euros")) == [
        ("Gemeente Hengelo", 30000),
        ("Provincie", 20000),
    ]
    assert [c.weight for c in scheme.criteria.all()] == [25, 30, 15, 15, 15]
    assert client.get(_settings(scheme)).status_code == 200


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "This field is required."),
        ({"budget_euros": "veel"}, "budget_euros", "Enter a whole number."),
        (
            {"max_per_initiative_euros": "60000"},
            "max_per_initiative_euros",
            "cannot be more than the budget",
        ),
        ({"funder_1_amount": "10000"}, "funders", "add up to € 40000, not to the budget"),
        ({"funder_2_name": "Sponsor"}, "funders", "Share of Sponsor is required."),
        ({"slug": "nieuw"}, "slug", "This web address is reserved"),
        ({"municipalities": ["borne"]}, "municipalities", "Select a valid choice."),
        ({"score_max": "6"}, "score_max", "Select a valid choice."),
    ],
)
def test_a_bad_new_scheme_is_shown_again_and_nothing_is_written(
    english, programme_manager, municipality, other_municipality, changes, field, message
):
    english.force_login(programme_manager)
    response = english.post(NEW, _new_scheme_data(municipality, **changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'aria-invalid="true"' in page or f'id="id_{field}_error"' in page
    assert Scheme.objects.count() == 0 and Funder.objects.count() == 0
    assert Criterion.objects.count() == 0


def test_a_taken_web_address_is_refused(english, programme_manager, municipality, scheme):
    english.force_login(programme_manager)
    response = english.post(NEW, _new_scheme_data(municipality, slug=scheme.slug))
    assert response.status_code == 400
    assert "Another scheme already uses this web address." in response.content.decode()
    assert Scheme.objects.count() == 1


# --- settings ---------------------------------------------------------------------------------


def test_only_a_manager_of_every_municipality_reaches_the_settings(client, people, scheme):
    expected = _only({"regional_manager"})
    assert _statuses(client, people, _settings(scheme)) == expected
    close = {"action": "status", "status-status": "closed"}
    for name, user in people.items():
        if name != "regional_manager":
            assert _status(client, user, _settings(scheme), "post", close) == expected[name]
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.OPEN
    assert _status(client, people["regional_manager"], _settings(scheme), "post", close) == 302
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.CLOSED


def test_the_settings_page_shows_every_form(english, regional_manager, scheme):
    english.force_login(regional_manager)
    page = _html(english, _settings(scheme))
    assert page.count("<h1") == 1
    for action in (
        "status",
        "basics",
        "criteria",
        "reviewer_add",
        "reviewer_remove",
        "tranche",
        "mode",
    ):
        assert f'name="action" value="{action}"' in page, action
    assert 'value="Provincie Overijssel"' in page  # a co-funder row, filled in
    assert 'value="Past bij het stadsprofiel"' in page  # a criterion row, filled in
    assert "Ria Reviewer" in page and "Sem Scoort" in page  # the panel


def test_the_settings_page_names_the_panel_without_e_mail_addresses(
    english, regional_manager, scheme, reviewer, second_reviewer
):
    english.force_login(regional_manager)
    page = _html(english, _settings(scheme))
    assert "Ria Reviewer" in page and "Sem Scoort" in page
    assert reviewer.email not in page and second_reviewer.email not in page


def _post(client, scheme, action, data, status=302) -> str:
    """Posts the settings form `action` and checks the status (a saved form leads back to the
    settings); returns the page."""
    response = client.post(_settings(scheme), {"action": action, **data})
    assert response.status_code == status, (action, response.status_code)
    if status == 302:
        assert response["Location"] == _settings(scheme)
    return response.content.decode()


def _basics(scheme, **changes):
    funders = [("Provincie Overijssel", "60000"), ("Gemeenten", "60000")]
    fields = _scheme_fields(scheme.name, scheme.purpose, "120000", "10000", "20", "20", funders)
    return {**{f"basics-{name}": value for name, value in fields.items()}, **changes}


def _criteria(*rows):
    """The criteria form: a row is (name, weight) or (name, weight, description)."""
    data = {}
    for n, (name, weight, *description) in enumerate(rows):
        data[f"criteria-c{n}_name"] = name
        data[f"criteria-c{n}_weight"] = weight
        if description:
            data[f"criteria-c{n}_description"] = description[0]
    return data


def _tranche(name, opens_on, closes_on, decide_by="2026-05-31"):
    return {
        "tranche-name": name,
        "tranche-opens_on": opens_on,
        "tranche-closes_on": closes_on,
        "tranche-decide_by": decide_by,
    }


def test_editing_the_basics(english, regional_manager, scheme):
    english.force_login(regional_manager)
    changes = {
        "basics-name": "Spontane Binnenstad 2",
        "basics-eligible_categories": ["activity", "public_space"],
    }
    _post(english, scheme, "basics", _basics(scheme, **changes))
    scheme.refresh_from_db()
    assert scheme.name == "Spontane Binnenstad 2" and scheme.budget_euros == 120_000
    assert scheme.eligible_categories == ["activity", "public_space"]
    assert sorted(scheme.funders.values_list("amount_euros", flat=True)) == [60000, 60000]
    assert "The scheme has been saved." in _html(english, _settings(scheme))


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"basics-max_per_initiative_euros": "200000"}, "cannot be more than the budget"),
        ({"basics-funder_1_amount": "1"}, "not to the budget of € 120000"),
        ({"basics-name": ""}, "This field is required."),
    ],
)
def test_bad_basics_change_nothing(english, regional_manager, scheme, changes, message):
    english.force_login(regional_manager)
    page = _post(english, scheme, "basics", _basics(scheme, **changes), status=400)
    assert message in page
    assert "Nothing was saved." in page
    scheme.refresh_from_db()
    assert scheme.budget_euros == 100_000 and scheme.name == "Spontane Binnenstad"
    assert sorted(scheme.funders.values_list("amount_euros", flat=True)) == [50000, 50000]


def test_setting_the_criteria(english, regional_manager, scheme):
    english.force_login(regional_manager)
    _post(
        english,
        scheme,
        "criteria",
        _criteria(("Impact", "60", "Wat verandert er?"), ("Haalbaarheid", "40")),
    )
    assert list(scheme.criteria.values_list("name", "weight")) == [
        ("Impact", 60),
        ("Haalbaarheid", 40),
    ]


def test_criteria_whose_weights_do_not_add_up_are_refused(english, regional_manager, scheme):
    english.force_login(regional_manager)
    criteria = _criteria(("Impact", "50"), ("Haalbaarheid", "40"))
    page = _post(english, scheme, "criteria", criteria, status=400)
    assert "The weights add up to 90%; they must add up to 100%." in page
    assert 'id="id_criteria-criteria_error"' in page
    assert scheme.criteria.count() == 5
    page = _post(english, scheme, "criteria", _criteria(("X", "honderd")), status=400)
    assert 'id="id_criteria-c0_weight_error"' in page
    assert scheme.criteria.count() == 5


def test_criteria_are_locked_once_scored(english, regional_manager, scheme, submitted, reviewer):
    score_all(reviewer, submitted)
    english.force_login(regional_manager)
    page = _html(english, _settings(scheme))
    assert "can no longer change" in page
    assert 'value="criteria"' not in page
    _post(english, scheme, "criteria", _criteria(("Alles", "100")), status=400)
    assert scheme.criteria.count() == 5


def test_adding_a_tranche(english, regional_manager, scheme):
    english.force_login(regional_manager)
    _post(english, scheme, "tranche", _tranche("Voorjaar 2026", "2026-03-01", "2026-04-15"))
    tranche = Tranche.objects.get()
    assert (tranche.name, tranche.closes_on) == ("Voorjaar 2026", date(2026, 4, 15))


def test_a_bad_tranche_is_refused(english, regional_manager, scheme):
    english.force_login(regional_manager)
    backwards = _tranche("Achterstevoren", "2026-04-15", "2026-03-01")
    page = _post(english, scheme, "tranche", backwards, status=400)
    assert "A tranche closes after it opens." in page
    assert 'id="id_tranche-closes_on_error"' in page
    _post(english, scheme, "tranche", {"tranche-name": "Geen datum"}, status=400)
    assert Tranche.objects.count() == 0


def test_switching_the_mode_needs_a_reason(english, regional_manager, scheme):
    english.force_login(regional_manager)
    page = _post(english, scheme, "mode", {"mode-mode": "tranches", "mode-note": ""}, status=400)
    assert 'id="id_mode-note_error"' in page
    assert Phase.objects.filter(scheme=scheme).count() == 1
    same = {"mode-mode": "rolling", "mode-note": "Al doorlopend."}
    page = _post(english, scheme, "mode", same, status=400)
    assert "The scheme already works this way." in page
    _post(
        english,
        scheme,
        "mode",
        {"mode-mode": "tranches", "mode-note": "Te veel tegelijk.", "mode-decision_days": ""},
    )
    scheme.refresh_from_db()
    assert scheme.mode == Mode.TRANCHES and scheme.decision_days == 20
    assert Phase.objects.filter(scheme=scheme).count() == 2


def test_the_panel_can_be_changed(english, regional_manager, scheme, municipality, reviewer):
    newcomer = _user("Nina Nieuw", "nina@example.org", [(municipality, Role.REVIEWER)])
    english.force_login(regional_manager)
    _post(english, scheme, "reviewer_add", {"panel-email": "nina@example.org"})
    assert Reviewer.objects.filter(scheme=scheme, user=newcomer).exists()
    nobody = {"panel-email": "nobody@example.org"}
    page = _post(english, scheme, "reviewer_add", nobody, status=400)
    assert "No one with the reviewer role" in page
    assert 'id="id_panel-email_error"' in page
    _post(english, scheme, "reviewer_add", {"panel-email": "geen adres"}, status=400)
    assert Reviewer.objects.filter(scheme=scheme).count() == 3
    member = Reviewer.objects.get(scheme=scheme, user=reviewer)
    _post(english, scheme, "reviewer_remove", {"reviewer": member.pk})
    assert not Reviewer.objects.filter(pk=member.pk).exists()
    _post(english, scheme, "reviewer_remove", {"reviewer": "x"}, status=404)
    _post(english, scheme, "reviewer_remove", {"reviewer": member.pk}, status=404)


def test_opening_and_closing(english, regional_manager, scheme, draft_scheme):
    english.force_login(regional_manager)
    _post(english, scheme, "status", {"status-status": "closed"})
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.CLOSED
    # A scheme in tranches cannot open without a tranche.
    page = _post(english, draft_scheme, "status", {"status-status": "open"}, status=400)
    assert "Add a tranche that has not closed yet" in page
    draft_scheme.refresh_from_db()
    assert draft_scheme.status == SchemeStatus.DRAFT
    _post(english, scheme, "status", {"status-status": "gone"}, status=400)
    _post(english, scheme, "nonsense", {}, status=400)


# --- managing ---------------------------------------------------------------------------------


def test_who_may_manage(client, people, scheme):
    assert _statuses(client, people, _manage(scheme)) == _only(MANAGERS)


def test_the_manage_page_shows_the_pipeline_of_ones_own_municipalities(
    english, scheme, submitted, programme_manager, other_manager, reviewer
):
    Application.objects.filter(pk=submitted.pk).update(wants_pitch=True)
    score_all(reviewer, submitted)
    english.force_login(programme_manager)
    page = _html(english, _manage(scheme))
    assert page.count("<h1") == 1
    assert "Buurtmoestuin Hengelose Es" in page
    assert f'href="/regelingen/aanvragen/{submitted.pk}/"' in page
    assert "wants to pitch in the werkatelier" in page
    assert "1 of 2" in page  # reviews done of the panel
    assert "6,000" in page  # requested
    assert "Nothing booked yet" in page  # the ledger is empty
    assert "No decisions yet, so no times to show." in page
    # A manager of Borne only does not see Hengelo's application.
    english.force_login(other_manager)
    page = _html(english, _manage(scheme))
    assert "Buurtmoestuin Hengelose Es" not in page
    assert "The applications from Borne" in page


def test_the_manage_page_shows_times_and_the_ledger(english, scheme, granted, programme_manager):
    money_services.grant_pay(user=programme_manager, application=granted, amount=2000)
    english.force_login(programme_manager)
    page = _html(english, _manage(scheme))
    assert "median (working days)" in page and "How we count" in page
    assert "decisions counted" in page
    assert "commitment" in page and "payment" in page
    assert "€\u00a095,000" in page and "€\u00a02,000" in page


def test_the_manage_page_reports_realised_against_committed(
    english, scheme, granted, programme_manager, resident
):
    english.force_login(programme_manager)
    grants = _html(english, _manage(scheme)).split('id="grants"')[1]
    grants = grants.split('id="ledger"')[0]
    assert "Buurtmoestuin Hengelose Es" in grants and "no report yet" in grants
    money_services.grant_pay(user=programme_manager, application=granted, amount=3000)
    money_services.spending_report_submit(
        user=resident, application=granted, realised_euros=4200, text="Bakken staan er."
    )
    grants = _html(english, _manage(scheme)).split('id="grants"')[1]
    grants = grants.split('id="ledger"')[0]
    # granted 5,000; paid 3,000; realised 4,200; so 800 can be released
    cells = [c.split("</td>")[0].strip() for c in grants.split('<td class="num">')[1:]]
    assert cells == ["€\u00a05,000", "€\u00a05,000", "€\u00a03,000", "€\u00a04,200", "€\u00a0800"]


def test_the_due_date_is_the_one_fixed_at_submission(
    english, scheme, submitted, regional_manager, programme_manager, reviewer
):
    """The scheme's term was 20 working days at submission; changing it to 40 later does not
    move the date the decision is due, on the manage page or in the panel's queue."""
    clock = Clock.objects.get(kind=ClockKey.APPLICATION)
    assert clock.due_on == add_working_days(timezone.localdate(), 20)
    scheme_services.scheme_update(user=regional_manager, scheme=scheme, data={"decision_days": 40})
    due = f"{clock.due_on:%-d %B %Y}"
    moved = f"{add_working_days(timezone.localdate(), 40):%-d %B %Y}"
    english.force_login(programme_manager)
    response = english.get(_manage(scheme))
    assert response.status_code == 200
    page = response.content.decode()
    assert due in page and moved not in page
    english.force_login(reviewer)
    response = english.get(QUEUE)
    assert response.status_code == 200
    waiting = response.content.decode().split('id="waiting"')[1].split('id="done"')[0]
    assert due in waiting and moved not in waiting


# --- the panel's queue ------------------------------------------------------------------------


def test_only_reviewers_have_a_queue(client, people):
    assert _statuses(client, people, QUEUE) == _only({"reviewer"})


def test_the_queue_moves_from_waiting_to_scored(
    english, scheme, submitted, reviewer, second_reviewer
):
    english.force_login(reviewer)
    page = _html(english, QUEUE)
    waiting = page.split('id="waiting"')[1].split('id="done"')[0]
    assert "Buurtmoestuin Hengelose Es" in waiting
    # the link opens the application at its assessment form (the review address takes POST only)
    link = f"/regelingen/aanvragen/{submitted.pk}/#review"
    assert f'href="{link}"' in waiting
    form_page = english.get(link.split("#")[0])
    assert form_page.status_code == 200 and 'id="review"' in form_page.content.decode()
    assert "Spontane Binnenstad" in waiting and "6,000" in waiting
    score_all(reviewer, submitted)
    page = _html(english, QUEUE)
    done = page.split('id="done"')[1].split('id="excluded"')[0]
    assert "Buurtmoestuin Hengelose Es" in done
    assessment.review_declare_conflict(
        user=second_reviewer, application=submitted, note="Mijn buurvrouw."
    )
    english.force_login(second_reviewer)
    page = _html(english, QUEUE)
    assert "Buurtmoestuin Hengelose Es" in page.split('id="excluded"')[1]
    assert "Nothing is waiting for your score." in page


def test_a_reviewer_off_every_panel_gets_an_empty_queue(english, municipality):
    loner = _user("Loes Los", "loes@example.org", [(municipality, Role.REVIEWER)])
    english.force_login(loner)
    page = _html(english, QUEUE)
    assert "You are not on the panel of any scheme yet." in page


# --- navigation -------------------------------------------------------------------------------


def test_the_main_menu_links_to_the_schemes_and_reviewers_to_their_queue(
    client, resident, reviewer
):
    page = _html(client, "/")
    assert f'href="{LIST}"' in page and f'href="{QUEUE}"' not in page
    client.force_login(resident)
    assert f'href="{QUEUE}"' not in _html(client, "/")
    client.force_login(reviewer)
    assert f'href="{QUEUE}"' in _html(client, "/")


# --- queries do not grow with the data --------------------------------------------------------


def _decided(scheme, municipality, initiator, reviewer, decider, n):
    """n decided applications, written directly (the services are tested elsewhere)."""
    criteria = list(scheme.criteria.all())
    now = timezone.now()
    for i in range(n):
        initiative = InitiativeFactory(
            municipality=municipality, created_by=initiator, title=f"Besluit {i}"
        )
        granted = i % 2 == 0
        application = Application.objects.create(
            scheme=scheme,
            initiative=initiative,
            created_by=initiator,
            mode=Mode.ROLLING,
            status=ApplicationStatus.GRANTED if granted else ApplicationStatus.NOT_GRANTED,
            amount_requested=1000,
            amount_granted=1000 if granted else None,
            first_submitted_at=now - timedelta(days=10 + i),
            submitted_at=now - timedelta(days=10),
            decided_at=now,
            wants_pitch=i % 3 == 0,
        )
        Decision.objects.create(
            application=application,
            outcome=Outcome.GRANTED if granted else Outcome.NOT_GRANTED,
            amount_euros=1000 if granted else None,
            reasoning=f"Reden {i}",
            decided_by=decider,
        )
        review = Review.objects.create(application=application, reviewer=reviewer, submitted_at=now)
        Score.objects.bulk_create(
            [Score(review=review, criterion=c, value=3, motivation="m") for c in criteria]
        )
        for kind, euros in ((EntryKind.COMMIT, 1000), (EntryKind.PAY, 500)) if granted else ():
            LedgerEntry.objects.create(
                scheme=scheme,
                application=application,
                kind=kind,
                amount_euros=euros,
                created_by=decider,
            )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_decisions(
    client, scheme, municipality, other_municipality, resident, reviewer, regional_manager
):
    _decided(scheme, municipality, resident, reviewer, regional_manager, 3)
    RoleGrant.objects.get_or_create(
        user=reviewer, municipality=other_municipality, role=Role.REVIEWER
    )
    urls = [LIST, _page(scheme), _manage(scheme), _settings(scheme)]

    def counts():
        client.logout()
        anonymous = [_count(client, LIST), _count(client, _page(scheme))]
        client.force_login(regional_manager)
        return anonymous + [_count(client, url) for url in urls]

    client.get(LIST)  # warm the caches of the first request (the region's name …)
    small = counts()
    _decided(scheme, other_municipality, resident, reviewer, regional_manager, 22)
    assert counts() == small
