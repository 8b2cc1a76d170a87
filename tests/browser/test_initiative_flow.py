"""The issue's "done means", end to end in Chromium.

A person who has never seen Spontaan registers, starts an initiative with a point on the map
and an ask; a demo connector answers; the initiator sees the answer on the timeline and the
responsiveness page counts it. Every page, and every form opened on it, is checked with
axe-core.
"""

import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from spontaan.core.demo import DEMO_PASSWORD
from spontaan.initiatives.models import Ask, Initiative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONNECTOR = "verbinder.hengelo@demo.spontaan.nl"
NEW_EMAIL = "noor.nieuw@example.org"
NEW_PASSWORD = "een lange zin als wachtwoord 42"
TITLE = "Bankjes op het Marktplein"
ASK_TITLE = "Mogen we vier bankjes neerzetten?"
ANSWER = "Ja, zet ze neer; de buitendienst helpt op zaterdag met het vastzetten."
LOGOUT_FORM = 'header form[action="/account/uitloggen/"]'


def _path(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def _submit(page, button) -> None:
    """Click a submit button and wait until the page it leads to has loaded."""
    with page.expect_navigation():
        button.click()


def _answered_this_month(page, live_server) -> int:
    """The "Answered" figure of the current month on Hengelo's responsiveness page."""
    page.goto(f"{live_server.url}/reactiesnelheid/hengelo/")
    row = page.locator("table.data tbody tr").last  # the months run up to this one
    with translation.override(page.get_attribute("html", "lang")):
        this_month = date_format(timezone.localdate(), "F Y")
    expect(row.locator("th")).to_have_text(this_month)
    return int(row.locator("td").nth(1).inner_text().strip())  # received, answered, …


def _log_in(page, live_server, email, password, audit) -> None:
    page.goto(f"{live_server.url}/account/inloggen/")
    audit.check(page, "login page")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', password)
    _submit(page, page.locator('main form[action="/account/inloggen/"] button[type="submit"]'))
    expect(page.locator(LOGOUT_FORM)).to_be_visible()


def _log_out(page) -> None:
    _submit(page, page.locator(f"{LOGOUT_FORM} button[type='submit']"))
    expect(page.locator(LOGOUT_FORM)).to_have_count(0)
    expect(page.locator('header a[href="/account/registreren/"]')).to_be_visible()


def test_newcomer_registers_asks_and_gets_an_answer_that_counts(
    demo_region, page, live_server, axe_audit
):
    audit = axe_audit
    answered_before = _answered_this_month(page, live_server)
    audit.check(page, "responsiveness of Hengelo (before)")

    # --- a newcomer arrives and registers ---------------------------------------------------
    page.goto(live_server.url + "/")
    audit.check(page, "home")
    with page.expect_navigation():
        page.locator('header a[href="/account/registreren/"]').click()
    assert _path(page) == "/account/registreren/"
    audit.check(page, "register")
    page.fill('input[name="display_name"]', "Noor Nieuw")
    page.fill('input[name="email"]', NEW_EMAIL)
    page.fill('input[name="password"]', NEW_PASSWORD)
    page.fill('input[name="password_again"]', NEW_PASSWORD)
    page.check('input[name="accepted_privacy"]')
    _submit(page, page.locator('main form[action="/account/registreren/"] button[type="submit"]'))
    assert _path(page) == "/account/registreren/controleer-je-mail/"
    audit.check(page, "register done")

    mails = [m for m in mail.outbox if NEW_EMAIL in m.to]
    assert len(mails) == 1, [m.subject for m in mail.outbox]
    link = re.search(r"https?://[^/\s]+(/account/bevestigen/\S+)", mails[0].body)
    assert link, mails[0].body
    page.goto(live_server.url + link.group(1))
    assert _path(page) == "/account/", page.url  # verified, and logged in
    expect(page.locator(LOGOUT_FORM)).to_be_visible()
    expect(page.locator(".messages .utrecht-alert--ok")).to_be_visible()
    audit.check(page, "account page after verification")

    # --- starts an initiative with a point on the map ---------------------------------------
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.locator('main a[href="/initiatieven/nieuw/"]').first.click()
    assert _path(page) == "/initiatieven/nieuw/"
    audit.check(page, "new initiative form")
    page.select_option('select[name="municipality"]', "hengelo")
    page.fill('input[name="title"]', TITLE)
    page.fill('textarea[name="summary"]', "Vier bankjes zodat ouderen even kunnen uitrusten.")
    page.check('input[name="category"][value="public_space"]')
    picker = page.locator(".map--picker")
    expect(picker).to_have_class(re.compile(r"\bleaflet-container\b"))  # the map script ran
    expect(page.locator("#id_latitude")).to_have_value("")
    picker.scroll_into_view_if_needed()
    picker.click(position={"x": 200, "y": 120})
    expect(page.locator("#id_latitude")).not_to_have_value("")
    expect(page.locator("#id_longitude")).not_to_have_value("")
    latitude = float(page.input_value("#id_latitude"))
    longitude = float(page.input_value("#id_longitude"))
    assert 52.0 < latitude < 52.6 and 6.4 < longitude < 7.2, (latitude, longitude)  # Twente
    expect(page.locator("#map-status")).not_to_be_empty()  # announced to screen readers
    audit.check(page, "new initiative form with a placed point")
    _submit(page, page.locator('main form.form-stack button[type="submit"]'))

    initiative = Initiative.objects.get(title=TITLE)
    assert _path(page) == f"/initiatieven/{initiative.pk}/", page.url
    assert initiative.municipality.slug == "hengelo"
    assert initiative.latitude == pytest.approx(latitude, abs=1e-5)
    assert initiative.longitude == pytest.approx(longitude, abs=1e-5)
    expect(page.locator("main h1")).to_have_text(TITLE)
    audit.check(page, "initiative detail (initiator)")

    # --- asks the municipality for help: the main button at the top of a new initiative -----
    ask_button = page.locator(f'main a.button[href="/initiatieven/{initiative.pk}/vraag/"]')
    expect(ask_button).to_be_in_viewport()
    with page.expect_navigation():
        ask_button.click()
    assert _path(page) == f"/initiatieven/{initiative.pk}/vraag/"
    audit.check(page, "ask page")
    ask_form = page.locator(f'form[action="/initiatieven/{initiative.pk}/vraag/"]')
    ask_form.locator('input[name="ask-kind"][value="legal_planning"]').check()
    ask_form.locator('input[name="ask-title"]').fill(ASK_TITLE)
    ask_form.locator('textarea[name="ask-text"]').fill("Op de hoek bij de bibliotheek.")
    _submit(page, ask_form.locator('button[type="submit"]'))
    assert _path(page).startswith(f"/initiatieven/{initiative.pk}/"), page.url
    ask = Ask.objects.get(initiative=initiative)
    assert ask.title == ASK_TITLE and ask.answered_at is None
    expect(page.locator(".waiting").filter(has_text=ASK_TITLE)).to_be_visible()
    expect(page.locator(f"#ask-{ask.pk}")).to_contain_text(ASK_TITLE)
    audit.check(page, "initiative detail after the ask")
    _log_out(page)
    audit.check(page, "after logging out")

    # --- the Hengelo connector answers --------------------------------------------------------
    _log_in(page, live_server, CONNECTOR, DEMO_PASSWORD, audit)
    page.goto(f"{live_server.url}/initiatieven/{initiative.pk}/")
    audit.check(page, "initiative detail (connector)")
    answer_form = page.locator(f'form[action="/initiatieven/vraag/{ask.pk}/antwoord/"]')
    expect(answer_form).to_be_hidden()
    page.locator(f"#ask-{ask.pk} details summary").click()
    expect(answer_form).to_be_visible()
    audit.check(page, "initiative detail, answer form open")
    answer_form.locator(f'select[name="ask{ask.pk}-outcome"]').select_option("yes")
    answer_form.locator(f'textarea[name="ask{ask.pk}-answer"]').fill(ANSWER)
    _submit(page, answer_form.locator('button[type="submit"]'))
    ask.refresh_from_db()
    assert ask.answer == ANSWER and ask.answered_at is not None
    expect(page.locator(f"#ask-{ask.pk} .answer")).to_contain_text(ANSWER)
    audit.check(page, "initiative detail after answering")
    _log_out(page)

    # --- the initiator sees the answer; the responsiveness page counts it --------------------
    _log_in(page, live_server, NEW_EMAIL, NEW_PASSWORD, audit)
    page.goto(f"{live_server.url}/initiatieven/{initiative.pk}/")
    timeline = page.locator("ol.timeline")
    expect(timeline.locator("li.timeline__item--municipal").filter(has_text=ANSWER)).to_be_visible()
    expect(page.locator(".waiting").filter(has_text=ASK_TITLE)).to_have_count(0)
    audit.check(page, "initiative detail with the answer (initiator)")

    answered_after = _answered_this_month(page, live_server)
    assert answered_after >= answered_before + 1, (answered_before, answered_after)
    audit.check(page, "responsiveness of Hengelo (after)")

    audit.assert_clean()
