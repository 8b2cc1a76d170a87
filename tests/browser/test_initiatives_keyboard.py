"""Initiatives with the keyboard alone: placing the point of a new initiative, reading the map's
markers and popups, following an initiative, and filtering the list; where the focus is after
each step and what a screen reader hears. The address search's outside service is out of
reach here (no internet), so the site's own lookup answers."""

import re

import pytest
from playwright.sync_api import expect

from spontaan.core.demo import DEMO_PASSWORD
from spontaan.initiatives.models import Follow, Initiative
from spontaan.places.models import Municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INITIATOR = "initiatiefnemer@demo.spontaan.nl"
RESIDENT = "bewoner@demo.spontaan.nl"
MAP = '[data-map="geojson"]'


def _log_in(page, live_server, email) -> None:
    page.goto(f"{live_server.url}/account/inloggen/")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator('main form[action="/account/inloggen/"] button[type="submit"]').click()


def _focused(page, selector: str) -> bool:
    return page.evaluate(f"document.activeElement.matches({selector!r})")


def test_the_point_of_a_new_initiative_is_placed_with_the_keyboard_alone(
    demo_region, page, live_server, axe_audit
):
    hengelo = Municipality.objects.get(slug="hengelo")
    _log_in(page, live_server, INITIATOR)
    page.goto(f"{live_server.url}/initiatieven/nieuw/")
    axe_audit.check(page, "new initiative form")
    page.select_option('select[name="municipality"]', "hengelo")
    page.fill('input[name="title"]', "Speeltuin aan de Marktstraat")
    page.fill('textarea[name="summary"]', "Een kleine speeltuin voor de buurt.")
    page.check('input[name="category"][value="public_space"]')
    # The help says more than "click on the map", and is tied to the map.
    picker = page.locator(".map--picker")
    expect(picker).to_have_attribute("aria-describedby", "map-help")
    expect(page.locator("#map-help")).to_contain_text("pijltjestoetsen")

    # Enter in "Adres of plek" searches the address; it does not send the form.
    address = page.locator("#id_address")
    address.fill("Marktstraat 5, Hengelo")
    address.press("Enter")
    expect(page.locator("#map-status")).to_contain_text("het centrum van Hengelo")
    assert page.url.endswith("/initiatieven/nieuw/")
    assert not Initiative.objects.filter(title="Speeltuin aan de Marktstraat").exists()
    expect(page.locator("#id_latitude")).to_have_value(f"{hengelo.latitude:.6f}")
    expect(page.locator("#id_longitude")).to_have_value(f"{hengelo.longitude:.6f}")
    axe_audit.check(page, "new initiative form, address found")

    # Tab reaches the map; the arrow keys move it, Enter puts the pin in its middle.
    page.keyboard.press("Tab")
    assert _focused(page, "#address-search")
    page.keyboard.press("Tab")
    assert _focused(page, ".map--picker")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(400)  # the pan animates
    page.keyboard.press("Enter")
    expect(page.locator("#map-status")).to_contain_text("De speld staat op de kaart")
    moved_east = float(page.input_value("#id_longitude"))
    assert moved_east > hengelo.longitude
    assert page.url.endswith("/initiatieven/nieuw/")

    # The button does the same, after moving the map further.
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(400)
    centre = page.get_by_role("button", name="Zet de speld in het midden van de kaart")
    centre.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_latitude")).not_to_have_value(f"{hengelo.latitude:.6f}")
    latitude = float(page.input_value("#id_latitude"))
    assert latitude < hengelo.latitude  # moved south

    # Sent with the keyboard, the initiative is published with that point.
    submit = page.locator('main form.form-stack button[type="submit"]')
    submit.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    initiative = Initiative.objects.get(title="Speeltuin aan de Marktstraat")
    assert initiative.latitude == pytest.approx(latitude, abs=1e-5)
    assert initiative.longitude == pytest.approx(moved_east, abs=1e-5)
    # Visitors read the address or the place, not the coordinates.
    expect(page.locator("aside")).not_to_contain_text(f"{latitude:.5f}".replace(".", ","))
    expect(page.locator("aside")).to_contain_text("Hengelo")
    axe_audit.check(page, "the new initiative")
    axe_audit.assert_clean()


def test_map_markers_are_named_and_their_popups_take_the_focus(
    demo_region, page, live_server, axe_audit
):
    page.goto(f"{live_server.url}/initiatieven/kaart/")
    located = Initiative.objects.filter(is_hidden=False, latitude__isnull=False)
    markers = page.locator(f"{MAP} img.leaflet-marker-icon")
    expect(markers).to_have_count(located.count())
    names = markers.evaluate_all("els => els.map(e => e.alt)")
    assert "Marker" not in names
    assert set(names) == set(located.values_list("title", flat=True))
    # Leaflet's own texts are Dutch on a Dutch page.
    expect(page.locator(f"{MAP} .leaflet-control-zoom-in")).to_have_attribute("title", "Inzoomen")
    expect(page.locator(f"{MAP} .leaflet-control-zoom-out")).to_have_attribute("title", "Uitzoomen")
    expect(page.locator(f'{MAP} .leaflet-control-attribution a[href="https://leafletjs.com"]'))
    leaflet_title = page.locator(
        f'{MAP} .leaflet-control-attribution a[href="https://leafletjs.com"]'
    ).get_attribute("title")
    assert leaflet_title == "Een JavaScript-bibliotheek voor interactieve kaarten"
    axe_audit.check(page, "map")

    # A marker opened with Enter puts the focus on the popup's link.
    first = markers.first
    title = first.get_attribute("alt")
    first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(f"{MAP} .leaflet-popup")
    expect(popup).to_be_visible()
    expect(popup.get_by_role("link", name=title)).to_be_focused()
    expect(popup.locator(".leaflet-popup-close-button")).to_have_attribute(
        "aria-label", "Sluit de pop-up"
    )
    page.wait_for_function(  # the popup fades in; check its colours once it is there
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    axe_audit.check(page, "map with a popup")
    # Escape closes it and the focus goes back to the marker.
    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    assert page.evaluate("document.activeElement.alt") == title
    axe_audit.assert_clean()


def test_following_keeps_the_focus_announces_and_counts(demo_region, page, live_server, axe_audit):
    initiative = (
        Initiative.objects.filter(is_hidden=False)
        .exclude(follows__user__email=RESIDENT)
        .order_by("pk")
        .first()
    )
    before = Follow.objects.filter(initiative=initiative).count()
    _log_in(page, live_server, RESIDENT)
    page.goto(f"{live_server.url}{initiative.get_absolute_url()}")
    count = page.locator("#follower-count")
    expect(count).to_contain_text(str(before))

    button = page.locator("#follow-button")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_be_focused()
    expect(page.locator("#follow-status")).to_have_text(
        "Je volgt dit initiatief. Je hoort het als er nieuws is."
    )
    expect(page.locator("#follow-status")).to_have_attribute("role", "status")
    expect(count).to_have_text(re.compile(rf"^{before + 1} volger"))
    axe_audit.check(page, "after following")

    page.keyboard.press("Enter")  # and stop again, still on the button
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_be_focused()
    expect(page.locator("#follow-status")).to_have_text("Je volgt dit initiatief niet meer.")
    expect(count).to_have_text(re.compile(rf"^{before} volger"))
    # a reload shows the same number (the page's shared part is not stale)
    page.reload()
    expect(page.locator("#follower-count")).to_have_text(re.compile(rf"^{before} volger"))
    axe_audit.assert_clean()


def test_the_list_announces_a_short_status_and_keeps_one_history_entry(
    demo_region, page, live_server, axe_audit
):
    page.goto(f"{live_server.url}/initiatieven/")
    # the list itself is no live region; one short status line is
    expect(page.locator("#results")).not_to_have_attribute("aria-live", "polite")
    status = page.locator("#results-status")
    expect(status).to_have_attribute("role", "status")
    levels = page.locator("main h1, main h2, main h3").evaluate_all(
        "els => els.map(e => Number(e.tagName[1]))"
    )
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    history_before = page.evaluate("history.length")
    select = page.locator("#id_status")
    select.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    chosen = select.input_value()
    expected = Initiative.objects.filter(is_hidden=False, status=chosen).count()
    expect(status).to_have_text(re.compile(rf"^{expected} initiatie(f|ven) gevonden$"))
    assert page.evaluate("history.length") == history_before
    expect(page).to_have_url(re.compile(rf"status={chosen}"))
    axe_audit.check(page, "list after filtering")
    axe_audit.assert_clean()
