"""Placing an initiative without a mouse and without an outside service: the site's own lookup
behind the map's address search, and a new initiative that is never published without its
point by accident."""

import pytest

from spontaan.initiatives.models import Initiative
from spontaan.places.selectors import place_lookup

pytestmark = pytest.mark.django_db


def test_the_lookup_finds_a_municipality_named_in_an_address(municipality, other_municipality):
    found = place_lookup(text="Marktstraat 5, hengelo")
    assert found is not None and found.is_municipality_centre
    assert (found.latitude, found.longitude) == (municipality.latitude, municipality.longitude)
    assert found.label == municipality.name
    assert place_lookup(text="Marktstraat 5, Atlantis") is None
    assert place_lookup(text="") is None
    assert place_lookup(text="Hengeloweg 3") is None  # a word that only starts with the name


def test_the_lookup_reads_typed_coordinates(db):
    found = place_lookup(text="52,2658; 6,7931")
    assert found is not None and not found.is_municipality_centre
    assert (found.latitude, found.longitude) == (52.2658, 6.7931)


def test_the_search_answers_json_for_the_map_script(client, municipality):
    answer = client.get("/initiatieven/plek-zoeken/", {"q": "Hengelo"}).json()
    assert answer["found"] and answer["approximate"]
    assert answer["latitude"] == municipality.latitude
    assert answer["label"] == "het centrum van Hengelo"
    assert client.get("/initiatieven/plek-zoeken/", {"q": "nergens"}).json() == {"found": False}
    assert client.get("/initiatieven/plek-zoeken/").json() == {"found": False}


def _data(municipality, **changes):
    return {
        "municipality": municipality.slug,
        "title": "Bankjes op het plein",
        "summary": "Vier bankjes.",
        "category": "public_space",
        **changes,
    }


def test_an_address_without_a_point_is_found_and_shown_to_check(client, resident, municipality):
    # given: the form sent with an address but before the point was placed (Enter, no script)
    client.force_login(resident)
    response = client.post("/initiatieven/nieuw/", _data(municipality, address="Markt 1, Hengelo"))
    # then: nothing is published; the form comes back with the point filled in to check
    assert response.status_code == 400 and not Initiative.objects.exists()
    html = response.content.decode()
    assert "het centrum van Hengelo" in html
    assert f'value="{municipality.latitude:.6f}"' in html
    # when: it is sent again as it came back
    form = response.context["form"]
    again = client.post("/initiatieven/nieuw/", form.data)
    # then: the initiative is published with that point
    assert again.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.latitude == pytest.approx(municipality.latitude)


def test_an_address_that_cannot_be_found_asks_for_the_pin(client, resident, municipality):
    client.force_login(resident)
    response = client.post("/initiatieven/nieuw/", _data(municipality, address="Ergens achteraf"))
    assert response.status_code == 400 and not Initiative.objects.exists()
    assert "laat dit veld dan leeg" in response.content.decode()
    # without an address, no place is asked for
    assert client.post("/initiatieven/nieuw/", _data(municipality)).status_code == 302


def test_visitors_read_the_place_not_the_coordinates(client, initiative, municipality):
    # given: an initiative with a point and an address
    initiative.latitude, initiative.longitude = 52.27351, 6.81187
    initiative.address = "Hengelose Es"
    initiative.save(update_fields=["latitude", "longitude", "address"])
    html = client.get(initiative.get_absolute_url()).content.decode()
    where = html[html.index('data-map="point"') :]
    where = where[where.index("</div>") :][:200]
    # then: the address and the municipality, no raw coordinates
    assert "Hengelose Es, Hengelo" in where
    assert "52,27351" not in html and "6,81187" not in html
    # and without an address: the municipality's name
    initiative.address = ""
    initiative.save(update_fields=["address"])
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "52,27351" not in html
    where = html[html.index('data-map="point"') :]
    assert "<p>Hengelo</p>" in where[where.index("</div>") :][:100]
