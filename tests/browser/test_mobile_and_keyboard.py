"""The public pages on a phone, and the keyboard route past the header.

A 390×844 viewport (a common phone) on the initiatives list, the map and the responsiveness
pages: axe-core finds no serious or critical WCAG 2.1 A/AA issue, the page does not scroll
sideways (WCAG 1.4.10 reflow), and the first Tab lands on the skip link, which shows itself
and, with Enter, moves focus to the main content.
"""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PAGES = [
    ("initiatives list", "/initiatieven/"),
    ("map of initiatives", "/initiatieven/kaart/"),
    ("responsiveness overview", "/reactiesnelheid/"),
    ("responsiveness of Hengelo", "/reactiesnelheid/hengelo/"),
]


def _overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_public_pages_work_on_a_phone_and_with_the_keyboard(
    demo_region, new_context, live_server, axe_audit
):
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = phone.new_page()

    for label, path in PAGES:
        page.goto(live_server.url + path)
        expect(page.locator("main#main h1")).to_be_visible()
        axe_audit.check(page, f"{label} (phone)")
        assert _overflow(page) <= 1, f"{label}: the page scrolls sideways on a phone"

        page.keyboard.press("Tab")
        skip = page.locator("a.utrecht-skip-link")
        expect(skip).to_be_focused()
        box = skip.bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0, f"{label}: focused skip link is off screen"
        page.keyboard.press("Enter")
        expect(page.locator("main#main")).to_be_focused()
        assert page.url.endswith("#main")

    # The map page: the map is drawn and holds the demo initiatives, the list repeats them.
    page.goto(live_server.url + "/initiatieven/kaart/")
    expect(page.locator(".map.leaflet-container")).to_be_visible()
    expect(page.locator(".map .leaflet-marker-icon").first).to_be_attached()
    expect(page.locator("#results ul.grid > li").first).to_be_visible()

    axe_audit.assert_clean()
