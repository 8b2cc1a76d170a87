"""Uploaded files, made safe to store and to serve.

The rules, for every upload the platform keeps:

- The stored name is random; the person's file name never becomes a path on disk.
- The kind of file is detected from its content, and that kind alone gives the stored
  extension. A kind that is not allowed is refused.
- Images are decoded and encoded again with Pillow: EXIF orientation is applied, the image is
  scaled down to a bounded size, and nothing but the pixels is kept (no EXIF or GPS, no camera,
  no comments, no XMP, no ICC profile, nothing appended after the image data). An image with
  too many pixels is refused before it is decoded (a decompression bomb).
- A file that is replaced or removed is deleted from storage only after the transaction that
  replaced or removed it has committed, so a rollback never leaves a row without its file.

The owning app's services call these; `serve_media` in core.views serves public media with
headers that stop a browser from running anything in it.
"""

import io
import posixpath
import secrets
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's format name -> the extension a stored file of that kind gets.
IMAGE_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}

# Content types of the media the app stores publicly; anything else is served as a download.
IMAGE_CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}

# Response headers for user-uploaded files: no sniffing, and a policy under which nothing in
# the file can run or load anything, even if a browser were to render it as a page.
MEDIA_CSP = "default-src 'none'; img-src 'self'; sandbox"

MAX_SIDE = 2000  # pixels, the longest side of a stored image
MAX_PIXELS = 40_000_000  # width x height of an upload; more is refused before decoding


def random_name(extension: str) -> str:
    """A stored file name that says nothing about the person or the upload."""
    return secrets.token_hex(16) + extension


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile  # re-encoded image under a random name
    format: str  # JPEG, PNG or WEBP


def clean_image(
    upload: UploadedFile,
    *,
    max_bytes: int,
    formats: frozenset[str] = frozenset(IMAGE_EXTENSIONS),
    max_side: int = MAX_SIDE,
    max_pixels: int = MAX_PIXELS,
) -> CleanImage:
    """The uploaded image, checked and encoded again; raises ValidationError (no field) with
    a message for the person who uploaded it."""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The photo is too large; the maximum is %(mb)d MB.")
            % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    names = ", ".join(sorted(formats)).replace("WEBP", "WebP")
    too_many_pixels = ValidationError(
        _("The image has too many pixels; use one of at most %(mp)s megapixels.")
        % {"mp": f"{max_pixels / 1_000_000:g}"},
        code="too_many_pixels",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            if image_format not in formats:
                raise ValidationError(
                    _("This image is a %(found)s; use one of: %(allowed)s.")
                    % {"found": image_format, "allowed": names},
                    code="format",
                )
            width, height = image.size
            if width * height > max_pixels:
                raise too_many_pixels
            image.load()
            image = ImageOps.exif_transpose(image)
            clean = _pixels_only(image, image_format)
    except Image.DecompressionBombError:
        # Pillow's own guard, for sizes far past ours, already when the header is read.
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("This file is not an image we can read."), code="invalid") from None
    finally:
        upload.seek(0)
    clean.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if image_format == "JPEG":
        clean.save(buffer, "JPEG", quality=85, optimize=True)
    elif image_format == "PNG":
        clean.save(buffer, "PNG", optimize=True)
    else:
        clean.save(buffer, "WEBP", quality=85)
    return CleanImage(
        content=ContentFile(buffer.getvalue(), name=random_name(IMAGE_EXTENSIONS[image_format])),
        format=image_format,
    )


def _pixels_only(image: Image.Image, image_format: str) -> Image.Image:
    """A new image with the pixels of `image` and none of its metadata."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image_format == "JPEG":
        mode = "L" if image.mode in ("1", "L") else "RGB"
    else:
        mode = "RGBA" if has_alpha else ("L" if image.mode in ("1", "L") else "RGB")
    converted = image if image.mode == mode else image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


# --- documents ----------------------------------------------------------------------------------

# Kinds of documents recognised by their content, with the extension a stored file gets.
DOCUMENT_KINDS = {
    "pdf": ".pdf",
    "png": ".png",
    "jpeg": ".jpg",
    "odt": ".odt",
    "ods": ".ods",
    "docx": ".docx",
    "xlsx": ".xlsx",
}

_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def detect_document(upload: UploadedFile) -> str | None:
    """The kind of document (a key of DOCUMENT_KINDS) by its content, or None."""
    try:
        upload.seek(0)
        head = upload.read(8)
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith(b"PK\x03\x04"):
            upload.seek(0)
            return _office_kind(upload)
        return None
    finally:
        upload.seek(0)


def _office_kind(upload: UploadedFile) -> str | None:
    """ODF and Office Open XML files are ZIP archives; their first entries say which."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return _ODF_MIMETYPES.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError):
        return None
    return None


# --- removing old files -------------------------------------------------------------------------


def delete_file_on_commit(file: FieldFile | None) -> None:
    """Remove a stored file once the current transaction has committed (at once outside one).
    Call it when a row lets go of the file: replaced, cleared or deleted."""
    if not file or not file.name:
        return
    storage, name = file.storage, file.name
    transaction.on_commit(lambda: storage.delete(name))


# --- serving ------------------------------------------------------------------------------------


def protect_served_file(response: HttpResponse, name: str) -> None:
    """Headers for a response that carries a public upload: its stored (random) file name in
    Content-Disposition, inline only for the image types the platform stores and as a download
    of unknown type otherwise, no sniffing, and a policy under which nothing in it can run."""
    inline = posixpath.splitext(name)[1].lower() in IMAGE_CONTENT_TYPES
    if not inline:
        response["Content-Type"] = "application/octet-stream"
    response["Content-Disposition"] = content_disposition_header(
        not inline, posixpath.basename(name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
