"""The pages the top of the site composes from the registries, as people use them: a visitor
searches and finds the open data, a moderator hides an initiative, finds the reports on the
queue and the hide in the public log, an initiator finds their initiatives on their own page. axe-core checks
every page, on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from spontaan.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOGOUT_FORM = "form[action='/account/uitloggen/']"
PHONE = {"width": 390, "height": 844}


def _submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def _log_in(page, live_server, email) -> None:
    page.goto(f"{live_server.url}/account/inloggen/")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    _submit(page, page.locator('main form[action="/account/inloggen/"] button[type="submit"]'))
    expect(page.locator(LOGOUT_FORM)).to_be_visible()


def test_search_open_data_moderation_and_ones_own_page(
    demo_region, page, new_context, live_server, axe_audit
):
    # A visitor searches from the menu, first too briefly, then for a market.
    page.goto(live_server.url + "/")
    _submit(page, page.get_by_role("link", name="Zoeken"))
    page.fill("#id_q", "m")
    _submit(page, page.locator("main form[role='search'] button"))
    expect(page.locator("#id_q_error")).to_be_visible()
    axe_audit.check(page, "search with a too short query")
    page.fill("#id_q", "markt")
    _submit(page, page.locator("main form[role='search'] button"))
    expect(page.get_by_role("heading", name="Initiatieven")).to_be_visible()
    expect(page.get_by_role("link", name="Boeskoolmarkt Oldenzaal")).to_be_visible()
    axe_audit.check(page, "search results")

    # The open data sets are one link away, in the footer.
    _submit(page, page.get_by_role("link", name="Open data en API"))
    expect(page.get_by_role("link", name="Initiatieven op de kaart")).to_be_visible()
    axe_audit.check(page, "open data")

    # A moderator of Enschede hides an initiative from its page; the queue holds the demo's
    # reports; the public log shows the hide by reason, without the title.
    _log_in(page, live_server, "moderator@demo.spontaan.nl")
    page.goto(live_server.url + "/zoeken/?q=wannaplay")
    _submit(page, page.get_by_role("link", name="Wannaplay op de Oude Markt"))
    _submit(page, page.get_by_role("link", name="Modereren"))
    axe_audit.check(page, "moderation item")
    page.select_option("#id_reason", "other")
    page.fill("#id_note", "Dubbel geplaatst")
    _submit(page, page.get_by_role("button", name="Verbergen"))
    expect(page.get_by_role("heading", name="Moderatie", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="De plantenbakken staan er")).to_be_visible()
    axe_audit.check(page, "moderation queue")
    _submit(page, page.get_by_role("link", name="Openbaar moderatielogboek"))
    log = page.get_by_role("table")
    expect(log.get_by_role("cell", name="Overig").first).to_be_visible()
    expect(page.get_by_text("Wannaplay")).to_have_count(0)
    axe_audit.check(page, "moderation log")
    _submit(page, page.locator(f"{LOGOUT_FORM} button[type='submit']"))

    # The initiator sees their initiatives and grant applications on their own page.
    _log_in(page, live_server, "initiatiefnemer@demo.spontaan.nl")
    page.goto(live_server.url + "/mijn-spontaan/")
    expect(page.get_by_role("heading", name="Je initiatieven")).to_be_visible()
    expect(page.get_by_role("heading", name="Je subsidieaanvragen")).to_be_visible()
    axe_audit.check(page, "own page with sections")

    # The search and open data pages on a phone.
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    for label, path in [
        ("search (phone)", "/zoeken/?q=markt"),
        ("open data (phone)", "/open-data/"),
    ]:
        phone.goto(live_server.url + path)
        expect(phone.locator("main#main h1")).to_be_visible()
        axe_audit.check(phone, label)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{label}: the page scrolls sideways on a phone"
    axe_audit.assert_clean()
