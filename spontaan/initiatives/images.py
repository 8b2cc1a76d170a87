"""Checks on uploaded photos: real images of an allowed type and size."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_photo(photo: UploadedFile) -> None:
    if photo.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            {
                "photo": _("The photo is too large; the maximum is %(mb)d MB.")
                % {"mb": settings.PHOTO_MAX_BYTES // (1024 * 1024)}
            }
        )
    try:
        photo.seek(0)
        with Image.open(photo) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({"photo": _("This file is not an image we can read.")}) from None
    finally:
        photo.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError({"photo": _("Use a JPEG, PNG or WebP photo.")})
