"""The map page as people use it: a visitor filters, and the markers and the list below narrow
in place (no page inside the page), on a desktop and on a phone. Map tiles never load here
(no internet): the markers and the list do not need them.

Set SPONTAAN_SCREENSHOTS to a directory to keep a screenshot of each filtered map."""

import os
import re

import pytest
from playwright.sync_api import expect

from spontaan.initiatives.models import Initiative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
MAP = '[data-map="geojson"]'


def _located(**filters) -> int:
    return Initiative.objects.filter(
        is_hidden=False, latitude__isnull=False, longitude__isnull=False, **filters
    ).count()


def _markers(page):
    return page.locator(f"{MAP} .leaflet-marker-icon")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_filtering_on_the_map_page_narrows_the_markers_and_the_list_in_place(
    demo_region, page, new_context, live_server, viewport
):
    if viewport:
        page = new_context(viewport=viewport, is_mobile=True, has_touch=True).new_page()
    everywhere, in_borne = _located(), _located(municipality__slug="borne")
    borne_running = _located(municipality__slug="borne", status="running")
    assert everywhere > in_borne > borne_running > 0

    # A visitor opens the map: a marker for every initiative with a location.
    page.goto(live_server.url + "/initiatieven/kaart/")
    expect(page.locator(MAP)).to_have_attribute("data-markers", str(everywhere))
    expect(_markers(page)).to_have_count(everywhere)

    # On a phone the filters wait behind "Filters", so the map is on the first screen.
    disclosure = page.locator("details.filters-disclosure")
    if viewport:
        expect(page.locator("#id_municipality")).to_be_hidden()
        map_top = page.locator(MAP).evaluate("el => el.getBoundingClientRect().top")
        assert map_top < PHONE["height"] / 2, f"the map starts {map_top}px down"
        disclosure.locator("summary").click()
    else:
        expect(disclosure.locator("summary")).to_be_hidden()  # a wide screen shows the form
    expect(page.locator("#id_municipality")).to_be_visible()

    # They choose a municipality: htmx swaps the list, and the map redraws its markers.
    history_before = page.evaluate("history.length")
    page.select_option("#id_municipality", "borne")
    expect(page).to_have_url(
        f"{live_server.url}/initiatieven/kaart/?q=&municipality=borne&category=&status=&function="
    )
    expect(page.locator(MAP)).to_have_attribute("data-markers", str(in_borne))
    expect(_markers(page)).to_have_count(in_borne)
    cards = page.locator("#results .card")
    expect(cards).to_have_count(min(in_borne, 20))
    for card in cards.all():
        expect(card.locator(".card__meta").first).to_contain_text("Borne")

    # And a status too: both narrow again.
    page.select_option("#id_status", "running")
    expect(page.locator(MAP)).to_have_attribute("data-markers", str(borne_running))
    expect(_markers(page)).to_have_count(borne_running)
    expect(page.locator("#results .card")).to_have_count(
        Initiative.objects.filter(
            is_hidden=False, municipality__slug="borne", status="running"
        ).count()
    )

    # One page, not a page inside the page.
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(MAP)).to_have_count(1)
    expect(page.locator("form.filters")).to_have_count(1)
    expect(page.get_by_role("heading", name="Dezelfde initiatieven als lijst")).to_have_count(1)
    if viewport:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page scrolls sideways ({width}px)"
    if os.environ.get("SPONTAAN_SCREENSHOTS"):
        name = "map-phone.png" if viewport else "map-desktop.png"
        page.screenshot(path=os.path.join(os.environ["SPONTAAN_SCREENSHOTS"], name), full_page=True)

    # The address follows the filters without a history entry per change: Back leaves the
    # map page instead of stepping through every option chosen.
    assert page.evaluate("history.length") == history_before
    listed = Initiative.objects.filter(
        is_hidden=False, municipality__slug="borne", status="running"
    ).count()
    expect(page.locator("#results-status")).to_have_text(
        re.compile(rf"^{listed} initiatie(f|ven) gevonden$")
    )

    # Without JavaScript's help a reload of the filtered address shows the same.
    page.reload()
    expect(page.locator(MAP)).to_have_attribute("data-markers", str(borne_running))
    expect(page.locator("#id_status")).to_have_value("running")
