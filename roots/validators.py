"""Checks on text shared by every app."""

from django.core.exceptions import ValidationError
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
