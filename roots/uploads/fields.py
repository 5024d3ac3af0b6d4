"""Model fields for user uploads: checked by content, stored under a name the server picks.

Whatever the uploader called the file (`poly.js`, `report.html`), it is stored as a random name
with the extension its content earned (`.pdf`, `.png`, `.jpg`...), so neither a storage nor a
proxy can ever be led to serve it as a script or a page. `upload_to` still picks the folder."""

import secrets

from django import forms
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
    @property
    def url(self):
        # Widgets, the admin and templates all link the view that serves the file (named by the
        # field's `served_by`, a method of the model), never the storage's own address.
        self._require_file()
        if not self.field.served_by:
            raise ValueError(f"{self.field} is served only through a view; none is named.")
        return getattr(self.instance, self.field.served_by)()

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
    """A PDF a person uploads. `max_bytes` is a number or a function returning one (a setting);
    `served_by` names the model's method that gives the address of the view serving it."""

    attr_class = ServerNamedFieldFile
    extensions = frozenset({"pdf"})

    def __init__(self, *args, max_bytes=20 * 1024 * 1024, served_by: str = "", **kwargs):
        self.max_bytes = max_bytes
        self.served_by = served_by
        super().__init__(*args, **kwargs)

    def check_upload(self, value) -> None:
        if value and not _is_stored(value):
            limit = self.max_bytes() if callable(self.max_bytes) else self.max_bytes
            checks.check_pdf(value, max_bytes=limit)

    @cached_property
    def validators(self):
        return [self.check_upload, *super().validators]


class ImageFormField(forms.ImageField):
    # Django's form field also refuses names with other extensions; the name is never believed
    # here, in either direction, so only the content is checked.
    default_validators = []


class UploadedImageField(models.ImageField):
    attr_class = ServerNamedImageFieldFile
    extensions = frozenset(checks.IMAGE_EXTENSIONS.values())

    def __init__(self, *args, served_by: str = "", **kwargs):
        self.served_by = served_by
        super().__init__(*args, **kwargs)

    def check_upload(self, value) -> None:
        if value and not _is_stored(value):
            checks.check_image(value)

    @cached_property
    def validators(self):
        return [self.check_upload, *super().validators]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageFormField, **kwargs})
