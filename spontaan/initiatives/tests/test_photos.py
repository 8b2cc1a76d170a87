import io
import os
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from spontaan.initiatives.models import Initiative
from spontaan.initiatives.services import initiative_update
from tests.api import api

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


# --- stored safely (see SECURITY.md) ------------------------------------------------------------

GPS = 0x8825  # the EXIF pointer to the GPS block


def _jpeg_with_gps(size=(40, 20), orientation=None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # camera make
    exif[0x0110] = "Canon EOS 5D"  # camera model
    exif[GPS] = {1: "N", 2: (52.0, 15.0, 30.0), 3: "E", 4: (6.0, 47.0, 10.0)}
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(
        buffer, format="JPEG", exif=exif.tobytes(), comment=b"Thuis, Dorpsstraat 1"
    )
    return buffer.getvalue()


def _stored(initiative) -> bytes:
    with default_storage.open(initiative.photo.name, "rb") as stored:
        return stored.read()


def test_polyglot_png_named_html_is_stored_as_png_and_served_as_image(
    client, resident, municipality
):
    polyglot = _png() + b"<html><script>alert(document.cookie)</script></html>"
    client.force_login(resident)
    response = _post(client, municipality, SimpleUploadedFile("poly.html", polyglot, "text/html"))
    assert response.status_code == 302
    name = Initiative.objects.get().photo.name
    assert re.fullmatch(r"initiatives/\d{4}/[0-9a-f]{32}\.png", name), name
    assert b"<script>" not in _stored(Initiative.objects.get())
    served = client.get(Initiative.objects.get().photo.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"<script>" not in b"".join(served.streaming_content)


def test_upload_named_php_is_renamed_or_refused(client, resident, municipality):
    client.force_login(resident)
    script = SimpleUploadedFile("x.php", b"<?php system($_GET['c']); ?>", "image/png")
    assert _post(client, municipality, script).status_code == 400
    assert Initiative.objects.count() == 0
    real = SimpleUploadedFile("x.php", _png(), "application/x-php")
    assert _post(client, municipality, real).status_code == 302
    name = Initiative.objects.get().photo.name
    assert name.endswith(".png") and "x" not in name.rsplit("/", 1)[1].removesuffix(".png")


def test_gps_exif_and_camera_are_removed_from_uploaded_jpeg(client, resident, municipality):
    original = Image.open(io.BytesIO(_jpeg_with_gps()))
    assert original.getexif().get_ifd(GPS) and original.getexif()[0x010F] == "Canon"
    client.force_login(resident)
    upload = SimpleUploadedFile("IMG_0001.jpg", _jpeg_with_gps(), "image/jpeg")
    assert _post(client, municipality, upload).status_code == 302
    stored = _stored(Initiative.objects.get())
    photo = Image.open(io.BytesIO(stored))
    assert photo.format == "JPEG"
    assert dict(photo.getexif()) == {}
    assert not photo.getexif().get_ifd(GPS)
    assert "exif" not in photo.info and "comment" not in photo.info
    assert b"Canon" not in stored and b"Dorpsstraat" not in stored


def test_exif_orientation_is_applied_and_the_photo_scaled_down(
    client, resident, municipality, settings
):
    settings.PHOTO_MAX_SIDE = 30
    client.force_login(resident)
    upload = SimpleUploadedFile("a.jpg", _jpeg_with_gps((60, 20), orientation=6), "image/jpeg")
    assert _post(client, municipality, upload).status_code == 302
    # turned a quarter (orientation 6) and then bounded to 30 pixels on its longest side
    assert Image.open(io.BytesIO(_stored(Initiative.objects.get()))).size == (10, 30)


def test_a_photo_with_too_many_pixels_is_refused_with_a_clear_error(
    client, resident, municipality, settings
):
    settings.PHOTO_MAX_PIXELS = 1000
    client.force_login(resident)
    response = _post(client, municipality, SimpleUploadedFile("a.png", _png((50, 50)), "image/png"))
    assert response.status_code == 400
    assert (
        "De afbeelding heeft te veel pixels; gebruik er een van hoogstens 0.001 megapixel."
        in response.content.decode()
    )
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize(
    "content,message",
    [
        (b"Gewoon tekst, geen foto.", "Dit bestand is geen afbeelding die we kunnen lezen."),
        (None, "Deze afbeelding is een GIF; gebruik een van: JPEG, PNG, WebP."),
    ],
)
def test_a_non_image_or_wrong_format_gets_a_dutch_error_on_the_form(
    client, resident, municipality, content, message
):
    if content is None:
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10), "red").save(buffer, format="GIF")
        content = buffer.getvalue()
    client.force_login(resident)
    response = _post(client, municipality, SimpleUploadedFile("a.png", content, "image/png"))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Initiative.objects.count() == 0


def test_replaced_photo_file_is_deleted_after_commit(
    client, resident, municipality, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    _post(client, municipality, SimpleUploadedFile("a.png", _png(), "image/png"))
    initiative = Initiative.objects.get()
    old = initiative.photo.name
    assert default_storage.exists(old)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        initiative_update(
            user=resident,
            initiative=initiative,
            data={},
            photo=SimpleUploadedFile("b.png", _png((30, 30)), "image/png"),
        )
    # not before the commit: a rollback would otherwise leave the row without its file
    assert default_storage.exists(old)
    for callback in callbacks:
        callback()
    initiative.refresh_from_db()
    assert initiative.photo.name != old and default_storage.exists(initiative.photo.name)
    assert not default_storage.exists(old)
    assert client.get(f"/media/{old}").status_code == 404


def test_served_media_has_nosniff_sandbox_csp_and_content_disposition(
    client, resident, municipality
):
    client.force_login(resident)
    _post(client, municipality, SimpleUploadedFile("a.png", _png(), "image/png"))
    name = Initiative.objects.get().photo.name
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; sandbox"
    assert response["Content-Disposition"] == f'inline; filename="{name.rsplit("/", 1)[1]}"'
    # a file of another kind (one stored before these rules) is only ever a download
    default_storage.save("initiatives/2025/oud.html", ContentFile(b"<script>alert(1)</script>"))
    old = client.get("/media/initiatives/2025/oud.html")
    assert old["Content-Type"] == "application/octet-stream"
    assert old["Content-Disposition"] == 'attachment; filename="oud.html"'
    assert old["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; sandbox"
    assert client.get("/media/initiatives/../../settings.py").status_code == 404


def test_removed_photo_file_is_deleted_after_commit(
    client, resident, municipality, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    _post(client, municipality, SimpleUploadedFile("a.png", _png(), "image/png"))
    initiative = Initiative.objects.get()
    old = initiative.photo.name
    edit = f"/initiatieven/{initiative.pk}/bewerken/"
    assert 'name="remove_photo"' in client.get(edit).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit,
            {
                "title": initiative.title,
                "summary": initiative.summary,
                "category": initiative.category,
                "photo_alt": initiative.photo_alt,
                "remove_photo": "on",
            },
        )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert not initiative.photo and initiative.photo_alt == ""
    assert not default_storage.exists(old)
    assert 'name="remove_photo"' not in client.get(edit).content.decode()


# --- the API ------------------------------------------------------------------------------------


def _noise_png() -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", (640, 640), os.urandom(640 * 640 * 3)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) > 1024 * 1024
    return buffer.getvalue()


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(buffer, format="GIF")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content,message",
    [
        (b"Gewoon tekst, geen foto.", "Dit bestand is geen afbeelding die we kunnen lezen."),
        (_gif(), "Deze afbeelding is een GIF; gebruik een van: JPEG, PNG, WebP."),
        (_noise_png(), "De foto is te groot; het maximum is 1 MB."),
    ],
)
def test_api_photo_upload_refuses_non_image_wrong_format_and_too_large_with_dutch_errors(
    initiative, resident, settings, content, message
):
    settings.PHOTO_MAX_BYTES = 1024 * 1024
    response = api(resident).post(
        f"/api/v1/initiatives/{initiative.pk}/photo",
        {"photo": SimpleUploadedFile("a.png", content, "image/png"), "photo_alt": "Een vlak"},
    )
    assert response.status_code == 400, response.content
    assert response.json()["fields"]["photo"] == [message]
    initiative.refresh_from_db()
    assert not initiative.photo and initiative.photo_alt == ""


def test_api_photo_upload_stores_a_clean_png_and_delete_removes_it(
    initiative, resident, django_capture_on_commit_callbacks
):
    polyglot = _png() + b"<html><script>alert(1)</script></html>"
    client = api(resident)
    url = f"/api/v1/initiatives/{initiative.pk}/photo"
    response = client.post(
        url, {"photo": SimpleUploadedFile("poly.html", polyglot), "photo_alt": "Een groen vlak"}
    )
    assert response.status_code == 200, response.content
    assert re.search(r"/media/initiatives/\d{4}/[0-9a-f]{32}\.png$", response.json()["photo_url"])
    initiative.refresh_from_db()
    stored = initiative.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(url)
    assert response.status_code == 200 and response.json()["photo_url"] is None
    assert not default_storage.exists(stored)


def test_clean_photos_command_strips_gps_and_renames_photos_stored_before_the_rules(
    resident, municipality, django_capture_on_commit_callbacks
):
    from spontaan.initiatives.tests.factories import InitiativeFactory

    with_gps = InitiativeFactory(municipality=municipality, photo_alt="Foto")
    not_an_image = InitiativeFactory(municipality=municipality, photo_alt="Script")
    old_gps = default_storage.save("initiatives/2025/IMG_0001.jpg", ContentFile(_jpeg_with_gps()))
    old_html = default_storage.save("initiatives/2025/x.php", ContentFile(b"<?php ?>"))
    Initiative.objects.filter(pk=with_gps.pk).update(photo=old_gps)
    Initiative.objects.filter(pk=not_an_image.pk).update(photo=old_html)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("clean_photos", stdout=out)
    assert out.getvalue().strip() == "1 photo(s) cleaned, 1 removed."
    with_gps.refresh_from_db()
    not_an_image.refresh_from_db()
    assert re.fullmatch(r"initiatives/\d{4}/[0-9a-f]{32}\.jpg", with_gps.photo.name)
    photo = Image.open(io.BytesIO(_stored(with_gps)))
    assert dict(photo.getexif()) == {} and not photo.getexif().get_ifd(GPS)
    assert not not_an_image.photo and not_an_image.photo_alt == ""
    assert not default_storage.exists(old_gps) and not default_storage.exists(old_html)
    call_command("clean_photos", stdout=out)
    assert out.getvalue().strip().endswith("0 photo(s) cleaned, 0 removed.")
