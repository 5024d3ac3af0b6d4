"""Model fields for user uploads: checked by content, stored under a name the server picks.

Whatever the uploader called the file (`poly.js`, `report.html`), it is stored as a random name
with the extension its content earned (`.pdf`, `.png`, `.jpg`...), so neither a storage nor a
proxy can ever be led to serve it as a script or a page. `upload_to` still picks the folder."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import checks


def _is_stored(value) -> bool:
    # A file already in storage was checked when it was uploaded; re-reading it on every save of
    # the row would be slow and would fail on a storage hiccup for no benefit.
    return getattr(value, "_committed", False)


class _ServerNamed:
    def save(self, name, content, save=True):
        extension = checks.sniff_extension(content)
        if extension not in self.field.extensions:
            raise ValidationError(_("This file is not of a kind accepted here."), code="wrong_kind")
        super().save(f"{secrets.token_hex(8)}.{extension}", content, save)


class ServerNamedFieldFile(_ServerNamed, FieldFile):
    pass


class ServerNamedImageFieldFile(_ServerNamed, ImageFieldFile):
    pass


class UploadedPdfField(models.FileField):
    """A PDF a person uploads. `max_bytes` is a number or a function returning one (a setting)."""

    attr_class = ServerNamedFieldFile
    extensions = frozenset({"pdf"})

    def __init__(self, *args, max_bytes=20 * 1024 * 1024, **kwargs):
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)

    def check_upload(self, value) -> None:
        if value and not _is_stored(value):
            limit = self.max_bytes() if callable(self.max_bytes) else self.max_bytes
            checks.check_pdf(value, max_bytes=limit)

    @cached_property
    def validators(self):
        return [self.check_upload, *super().validators]


class UploadedImageField(models.ImageField):
    attr_class = ServerNamedImageFieldFile
    extensions = frozenset(checks.IMAGE_EXTENSIONS.values())

    def check_upload(self, value) -> None:
        if value and not _is_stored(value):
            checks.check_image(value)

    @cached_property
    def validators(self):
        return [self.check_upload, *super().validators]
