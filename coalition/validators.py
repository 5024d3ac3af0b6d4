"""Checks on uploaded files by what they contain, not by their name or the browser's word."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF_MAX_BYTES = 20 * 1024 * 1024
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 25_000_000
IMAGE_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
RESERVED_REPORT_SLUGS = {"manage", "feed"}
RESERVED_EVENT_SLUGS = {"new"}


def _is_stored(value) -> bool:
    # A file already in storage was checked when it was uploaded; re-reading it on every save of
    # the row would be slow and would fail on a storage hiccup for no benefit.
    return getattr(value, "_committed", False)


def _check_size(value, limit: int) -> None:
    if value.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(value.size), "limit": filesizeformat(limit)},
        )


def validate_pdf(value) -> None:
    if not value or _is_stored(value):
        return
    _check_size(value, PDF_MAX_BYTES)
    value.seek(0)
    head = value.read(1024)
    value.seek(0)
    if b"%PDF-" not in head:
        raise ValidationError(_("This file is not a PDF."), code="not_pdf")
    try:
        page_count = len(PdfReader(value).pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(
            _("This PDF could not be read; it may be damaged."), code="bad_pdf"
        ) from exc
    finally:
        value.seek(0)
    if page_count == 0:
        raise ValidationError(_("This PDF has no pages."), code="empty_pdf")


def validate_image(value) -> None:
    if not value or _is_stored(value):
        return
    _check_size(value, IMAGE_MAX_BYTES)
    value.seek(0)
    try:
        with Image.open(value) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("Upload a PNG, JPEG, WebP or GIF image; this file is not one."), code="not_image"
        ) from exc
    finally:
        value.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("Upload a PNG, JPEG, WebP or GIF image; this file is not one."), code="not_image"
        )
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("This image is %(width)s by %(height)s pixels; please make it smaller."),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )


def _reserved(value: str, words: set[str]) -> None:
    if value in words:
        raise ValidationError(
            _("“%(slug)s” is used by the site's own pages; choose another address."),
            code="reserved",
            params={"slug": value},
        )


def validate_report_slug(value: str) -> None:
    _reserved(value, RESERVED_REPORT_SLUGS)


def validate_event_slug(value: str) -> None:
    _reserved(value, RESERVED_EVENT_SLUGS)


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("“%(zone)s” is not a time zone name such as America/Chicago."),
            code="bad_time_zone",
            params={"zone": value},
        ) from exc
