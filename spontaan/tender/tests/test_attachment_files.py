"""Attachments of applications are stored under a random name with the extension of what
they really are, and are downloaded with headers under which nothing in them can run (see
SECURITY.md)."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from spontaan.tender.applications import services as application_services
from spontaan.tender.models import Attachment

from .helpers import writes_nothing

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
ODS = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b""})


@pytest.mark.parametrize(
    "name,content,extension",
    [
        ("../../Begroting 2026.PDF", PDF, ".pdf"),
        ("plan.docx", DOCX, ".docx"),
        ("cijfers.xlsx", XLSX, ".xlsx"),
        ("plan.odt", ODT, ".odt"),
        ("cijfers.ods", ODS, ".ods"),
    ],
)
def test_attachment_is_stored_under_a_random_name_with_the_detected_extension(
    resident, draft, name, content, extension
):
    attachment = application_services.attachment_add(
        user=resident, application=draft, upload=SimpleUploadedFile(name, content)
    )
    assert re.fullmatch(rf"applications/\d{{4}}/[0-9a-f]{{32}}\{extension}", attachment.file.name)
    assert attachment.name == name.rsplit("/", 1)[-1]  # only the name of the download
    assert attachment.file.read() == content


@pytest.mark.parametrize(
    "name,content",
    [
        ("plan.docx", _zip({"word/document.xml": b"<w/>"})),  # a zip, not a Word file
        ("plan.docx", ODT),  # an OpenDocument file named as a Word file
        ("plan.odt", _zip({"mimetype": b"text/html", "index.html": b"<script></script>"})),
        ("plan.xlsx", b"PK\x03\x04 not really a zip"),
        ("plan.pdf", b"%PDX-1.4"),
    ],
)
def test_attachment_whose_content_is_not_its_kind_is_refused(resident, draft, name, content):
    with writes_nothing(), translation.override("en"), pytest.raises(ValidationError) as exc:
        application_services.attachment_add(
            user=resident, application=draft, upload=SimpleUploadedFile(name, content)
        )
    assert exc.value.message_dict["file"] == ["The file's content does not match its type."]


def test_attachment_download_has_nosniff_sandbox_csp_and_attachment_disposition(
    client, resident, draft
):
    attachment = application_services.attachment_add(
        user=resident, application=draft, upload=SimpleUploadedFile("offerte.pdf", PDF)
    )
    client.force_login(resident)
    response = client.get(reverse("tender:attachment", args=(draft.pk, attachment.pk)))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="offerte.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; sandbox"


def test_removed_attachment_file_is_deleted_after_commit(
    resident, draft, django_capture_on_commit_callbacks
):
    attachment = application_services.attachment_add(
        user=resident, application=draft, upload=SimpleUploadedFile("offerte.pdf", PDF)
    )
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        application_services.attachment_remove(user=resident, attachment=attachment)
    assert not Attachment.objects.exists()
    assert not storage.exists(name)
