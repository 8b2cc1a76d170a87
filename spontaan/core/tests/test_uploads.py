"""core.uploads: images encoded again without metadata, bombs refused unread, documents
recognised by content (see SECURITY.md)."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, PngImagePlugin

from spontaan.core.uploads import clean_image, detect_document


def _upload(data: bytes, name="a") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_decompression_bomb_is_refused_before_decoding():
    # a 100,000 × 100,000 PNG in a few dozen bytes: decoding it would take 30 GB
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + _chunk(b"IEND", b"")
    )
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        clean_image(_upload(bomb), max_bytes=10_000)
    assert exc.value.code == "too_many_pixels"
    assert exc.value.messages == [
        "The image has too many pixels; use one of at most 40 megapixels."
    ]


def test_png_text_chunks_icc_and_appended_data_are_dropped_and_transparency_kept():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Thuis: Dorpsstraat 1")
    info.add_text("XML:com.adobe.xmp", "<x:xmpmeta>GPS</x:xmpmeta>")
    buffer = io.BytesIO()
    image = Image.new("RGBA", (8, 8), (255, 0, 0, 0))
    image.save(buffer, "PNG", pnginfo=info, icc_profile=b"fake-icc-profile")
    data = buffer.getvalue() + b"<html>appended</html>"
    clean = clean_image(_upload(data), max_bytes=100_000)
    stored = clean.content.read()
    assert clean.format == "PNG" and clean.content.name.endswith(".png")
    assert b"Dorpsstraat" not in stored and b"xmpmeta" not in stored
    assert b"appended" not in stored and b"fake-icc" not in stored
    result = Image.open(io.BytesIO(stored))
    assert result.mode == "RGBA" and result.getpixel((0, 0))[3] == 0
    assert "icc_profile" not in result.info and not result.text


def test_cmyk_jpeg_and_webp_are_encoded_again_in_their_own_format():
    for mode, fmt, extension in (("CMYK", "JPEG", ".jpg"), ("RGB", "WEBP", ".webp")):
        buffer = io.BytesIO()
        Image.new(mode, (12, 12)).save(buffer, fmt)
        clean = clean_image(_upload(buffer.getvalue()), max_bytes=100_000)
        assert clean.content.name.endswith(extension)
        assert Image.open(io.BytesIO(clean.content.read())).format == fmt


def test_image_over_the_byte_limit_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, "PNG")
    with pytest.raises(ValidationError) as exc:
        clean_image(_upload(buffer.getvalue()), max_bytes=10)
    assert exc.value.code == "too_large"


@pytest.mark.parametrize(
    "data,kind",
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\x89PNG\r\n\x1a\n...", "png"),
        (b"\xff\xd8\xff\xe0...", "jpeg"),
        (b"<html><script>", None),
        (b"MZ\x90\x00", None),
        (b"", None),
    ],
)
def test_documents_are_recognised_by_their_content(data, kind):
    assert detect_document(_upload(data, name="whatever.pdf")) == kind
