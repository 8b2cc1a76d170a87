"""Uploaded photos of initiatives: real images of an allowed type and size, stored under a
random name and encoded again without their metadata (see core.uploads)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from spontaan.core.uploads import clean_image

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


def prepare_photo(photo: UploadedFile) -> ContentFile:
    """The photo to store; raises ValidationError on the field `photo`."""
    try:
        return clean_image(
            photo,
            max_bytes=settings.PHOTO_MAX_BYTES,
            formats=ALLOWED_FORMATS,
            max_side=settings.PHOTO_MAX_SIDE,
            max_pixels=settings.PHOTO_MAX_PIXELS,
        ).content
    except ValidationError as exc:
        raise ValidationError({"photo": exc.error_list}) from None
