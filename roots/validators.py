"""Checks on what people type, shared by every app: text the database cannot store, characters
that change how text reads without being seen, and dates outside the calendar the site keeps.
Every project form applies them through `roots.forms.StorableTextMixin`."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def validate_encodable_text(value) -> None:
    """Refuse text with a lone UTF-16 surrogate (U+D800 to U+DFFF): it has no UTF-8 form, so
    the database driver raises on it instead of storing it. A browser never sends one (what it
    posts is decoded with replacement characters), but JSON, imports and code can."""
    if not isinstance(value, str):
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(
            _(
                "This text has a character that cannot be saved (a lone surrogate, at "
                "position %(position)s). Remove it or type the text again."
            ),
            code="unencodable",
            params={"position": exc.start + 1},
        ) from exc


# Control characters (C0, DEL, C1) but NUL, which forms refuse with an error of their own
# (Django's ProhibitNullCharactersValidator): the database cannot store it.
_CONTROLS = [*range(0x01, 0x20), 0x7F, *range(0x80, 0xA0)]
# Embeddings, overrides and isolates: they reorder the text around them as it is shown, so a
# name can read as something else ("Trojan source"). The plain marks (U+200E, U+200F) stay.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_LINE_SEPARATORS = "\u2028\u2029"
_ONE_LINE = (
    {code: " " if chr(code).isspace() else None for code in _CONTROLS}
    | dict.fromkeys(map(ord, _LINE_SEPARATORS), " ")
    | _BIDI_CONTROLS
)
_LINES = {
    code: " " if chr(code).isspace() else None for code in _CONTROLS if chr(code) not in "\t\n\r"
} | _BIDI_CONTROLS


def strip_control_characters(text: str, *, multiline: bool = False) -> str:
    """`text` without control and bidirectional-override characters. Those that are spaces
    (tab, line breaks) become spaces; `multiline` text keeps its tabs and line breaks."""
    return text.translate(_LINES if multiline else _ONE_LINE)


# The dates the site accepts: far enough inside Python's calendar (years 1 to 9999) that a time
# shown in any time zone, or a day or a year added to it, stays inside it; wide enough for any
# session, event, publication or record the site keeps.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


def validate_calendar_range(value) -> None:
    """Refuse a date, or a date and time, outside EARLIEST_DATE to LATEST_DATE. (9999-12-31 23:00
    in Chicago is already year 10000 in UTC, which nothing can store or show.)"""
    if not isinstance(value, datetime.date):
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date from %(earliest)s to %(latest)s."),
            code="out_of_range",
            params={
                "earliest": date_format(EARLIEST_DATE, "j F Y"),
                "latest": date_format(LATEST_DATE, "j F Y"),
            },
        )
