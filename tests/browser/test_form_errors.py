"""A form sent with mistakes: the error summary links to each field, and the page stays
accessible on a desktop and on a phone (axe-core: no serious or critical WCAG 2.1 A/AA issue).
"""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGISTER = "/account/registreren/"


def test_the_error_summary_leads_to_each_field(new_context, live_server, axe_audit):
    for label, viewport in [
        ("desktop", {"width": 1280, "height": 900}),
        ("phone", {"width": 390, "height": 844}),
    ]:
        page = new_context(viewport=viewport).new_page()
        # given the registration form, sent empty
        page.goto(live_server.url + REGISTER)
        page.locator("main form button[type=submit]").click()
        # then a summary lists every field with a mistake, and each field says what is wrong
        summary = page.locator(".form-errors[role=alert]")
        expect(summary).to_be_visible()
        expect(summary.locator("a")).to_have_count(5)
        expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#id_email_error")).to_be_visible()
        axe_audit.check(page, f"registration form with errors ({label})")
        # when a link in the summary is followed, its field has the focus
        summary.locator('a[href="#id_email"]').click()
        expect(page.locator("#id_email")).to_be_focused()
    axe_audit.assert_clean()
