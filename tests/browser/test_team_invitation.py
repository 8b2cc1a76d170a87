"""A team invites a person, who accepts on their invitations page and is on the team; the
invitation answers the same for an address without an account. axe-core checks each page, on
a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from .test_site_pages import LOGOUT_FORM, PHONE, _log_in, _submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITEE = "verbinder.borne@demo.spontaan.nl"
INVITEE_NAME = "Bo Verbinder (fictief)"


def _invite(page, email) -> str:
    page.locator("#form-team summary").click()
    page.fill("input[name='team-email']", email)
    page.fill("input[name='team-role']", "vrijwilliger")
    _submit(page, page.locator("#form-team button[type='submit']"))
    return page.locator(".messages, [role='status']").first.inner_text()


def test_a_team_invites_and_the_person_accepts(
    demo_region, page, new_context, live_server, axe_audit
):
    # The initiator opens one of their initiatives from their own page and invites two
    # addresses: one with an account, one without. The answers are the same.
    _log_in(page, live_server, "initiatiefnemer@demo.spontaan.nl")
    page.goto(live_server.url + "/mijn-spontaan/")
    mine = page.locator("section[aria-labelledby='my-initiatives'] ul a").last
    title = mine.inner_text()
    _submit(page, mine)
    with_account = _invite(page, INVITEE)
    without_account = _invite(page, "niemand-hier@example.org")
    assert with_account == without_account
    team = page.locator(".panel", has=page.get_by_role("heading", name="Team", exact=True))
    expect(team.get_by_text(INVITEE)).to_be_visible()
    axe_audit.check(page, "team panel with invitations")
    _submit(page, page.locator(f"{LOGOUT_FORM} button[type='submit']"))

    # The invited person finds the invitation from their own page and accepts it.
    _log_in(page, live_server, INVITEE)
    page.goto(live_server.url + "/mijn-spontaan/")
    _submit(page, page.get_by_role("link", name="Bekijk je uitnodigingen"))
    axe_audit.check(page, "invitations")
    invitation = page.locator("li", has=page.get_by_role("link", name=title))
    _submit(page, invitation.get_by_role("button", name=f"Aannemen {title}"))
    expect(page.get_by_text("Welkom in het team.")).to_be_visible()
    team = page.locator(".panel", has=page.get_by_role("heading", name="Team", exact=True))
    expect(team.get_by_text(INVITEE_NAME)).to_be_visible()
    expect(team.get_by_role("button", name="uit het team gaan")).to_be_visible()

    # The invitations page on a phone.
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    _log_in(phone, live_server, "bewoner@demo.spontaan.nl")  # the demo's waiting invitation
    phone.goto(live_server.url + "/initiatieven/uitnodigingen/")
    expect(phone.get_by_role("button", name="Aannemen").first).to_be_visible()
    axe_audit.check(phone, "invitations (phone)")
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, "the invitations page scrolls sideways on a phone"
    axe_audit.assert_clean()
