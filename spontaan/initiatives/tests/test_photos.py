import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from spontaan.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def _png(size=(20, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    return buffer.getvalue()


def _post(client, municipality, photo, alt="Een groen vlak"):
    return client.post(
        "/initiatieven/nieuw/",
        {
            "municipality": municipality.slug,
            "title": "Met foto",
            "summary": "Foto erbij.",
            "category": "other",
            "photo": photo,
            "photo_alt": alt,
        },
    )


def test_a_real_photo_with_a_description_is_stored(client, resident, municipality):
    client.force_login(resident)
    response = _post(client, municipality, SimpleUploadedFile("a.png", _png(), "image/png"))
    assert response.status_code == 302
    assert Initiative.objects.get().photo.name.endswith(".png")


@pytest.mark.parametrize(
    "upload,alt,field",
    [
        (SimpleUploadedFile("x.png", b"<?php echo 1; ?>", "image/png"), "alt", "photo"),
        (SimpleUploadedFile("a.png", _png(), "image/png"), "", "photo_alt"),
    ],
)
def test_bad_photos_are_refused_and_nothing_is_written(
    client, resident, municipality, upload, alt, field
):
    client.force_login(resident)
    response = _post(client, municipality, upload, alt)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Initiative.objects.count() == 0


def test_a_photo_over_the_limit_is_refused(client, resident, municipality, settings):
    settings.PHOTO_MAX_BYTES = 100
    client.force_login(resident)
    response = _post(client, municipality, SimpleUploadedFile("a.png", _png((60, 60)), "image/png"))
    assert response.status_code == 400
    assert Initiative.objects.count() == 0
