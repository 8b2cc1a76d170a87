"""Programme managers edit the city profile the scheme's criteria refer to."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from spontaan.core.models import AuditEntry
from spontaan.places.models import CityProfile
from spontaan.tender.profiles.services import city_profile_update

pytestmark = pytest.mark.django_db


def test_the_programme_manager_edits_the_city_profile(client, municipality, programme_manager):
    client.force_login(programme_manager)
    response = client.post(
        f"/gemeenten/{municipality.slug}/profiel/",
        {
            "text": "Een stad van makers.",
            "themes": "maken\n\nspelen\n",
            "goals": "Meer ontmoeting.",
        },
    )
    assert response.status_code == 302
    profile = CityProfile.objects.get(municipality=municipality)
    assert profile.themes == ["maken", "spelen"] and profile.updated_by == programme_manager
    assert AuditEntry.objects.filter(action="city_profile.update").exists()
    page = client.get(f"/gemeenten/{municipality.slug}/").content.decode()
    assert "Een stad van makers." in page


def test_others_may_not_edit_the_profile(
    client, municipality, connector, resident, other_municipality
):
    for user in (connector, resident):
        client.force_login(user)
        assert client.get(f"/gemeenten/{municipality.slug}/profiel/").status_code == 403
        with pytest.raises(PermissionDenied):
            city_profile_update(user=user, municipality=municipality, text="x", themes=[], goals="")
    assert not CityProfile.objects.exists()


def test_bad_profile_input_writes_nothing(client, municipality, programme_manager):
    with pytest.raises(ValidationError):
        city_profile_update(
            user=programme_manager, municipality=municipality, text="x", themes=["t" * 61], goals=""
        )
    client.force_login(programme_manager)
    response = client.post(
        f"/gemeenten/{municipality.slug}/profiel/", {"text": "x" * 10001, "themes": "", "goals": ""}
    )
    assert response.status_code == 400 and b'aria-invalid="true"' in response.content
    assert not CityProfile.objects.exists()


def test_only_the_programme_manager_sees_the_edit_link(client, municipality, programme_manager):
    url = f"/gemeenten/{municipality.slug}/"
    edit = f"/gemeenten/{municipality.slug}/profiel/"
    response = client.get(url)
    assert response.status_code == 200 and edit not in response.content.decode()
    client.force_login(programme_manager)
    response = client.get(url)
    assert response.status_code == 200 and edit in response.content.decode()


def test_every_mistake_in_the_profile_is_reported_at_once_in_dutch(municipality, programme_manager):
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        city_profile_update(
            user=programme_manager,
            municipality=municipality,
            text="x" * 10_001,
            themes=["t" * 61],
            goals="g" * 5001,
        )
    assert exc.value.message_dict == {
        "text": ["Het profiel mag maximaal 10.000 tekens lang zijn."],
        "goals": ["De doelen mogen maximaal 5.000 tekens lang zijn."],
        "themes": ["Maximaal 20 thema's van elk maximaal 60 tekens."],
    }
    assert not CityProfile.objects.exists()
