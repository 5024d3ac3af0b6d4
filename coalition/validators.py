"""Checks on coalition fields. Uploaded files are checked by roots.uploads (content decides)."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from roots.uploads.fields import UploadedImageField, UploadedPdfField

RESERVED_REPORT_SLUGS = {"manage", "feed"}
RESERVED_EVENT_SLUGS = {"new"}

# Migration 0001 names these two; the upload fields run the same checks themselves.
validate_pdf = UploadedPdfField().check_upload
validate_image = UploadedImageField().check_upload


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
