"""What an uploaded file is, decided by its content alone.

Every check leaves the stream at its start and raises ValidationError with a message the person
who uploaded the file can act on. The checks are cheap and bounded (pypdf's own decompression
limits; a PDF's content streams are never decoded here), so a web request can run them; drawing
a page is left to the worker (roots.uploads.render)."""

import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .render import page_size_problem

PDF_MAGIC = b"%PDF-"
# Pillow's name of each accepted format, and the extension the server stores it under.
IMAGE_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 25_000_000

# Keys whose mere presence makes a reader run something: scripts, actions on events, forms that
# carry their own program (XFA), embedded media players and attached files.
ACTIVE_KEYS = {"/JS", "/JavaScript", "/AA", "/XFA", "/RichMedia", "/EmbeddedFiles"}
# Action types that run code, open other files or programs, or send data away.
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
    "/Rendition",
    "/RichMediaExecute",
    "/Movie",
    "/Sound",
}
# The same names in the raw bytes: a second look, in case another reader finds an object that
# pypdf's cross-reference table does not lead to.
ACTIVE_RAW = re.compile(
    rb"/(?:JS|JavaScript|Launch|SubmitForm|ImportData|RichMedia|XFA)(?=[\s/<>\[\]()%{}]|$)"
)
# A PDF has far fewer dictionary and array nodes than this; a file with more is made to stall us.
MAX_PDF_NODES = 2_000_000

NOT_PDF = _(
    "This file is not a PDF (its content does not start like one, whatever its name says). "
    "Export or save the document as PDF and upload that file."
)
UNREADABLE_PDF = _(
    "This PDF could not be read; it may be damaged or incomplete. Open it on your computer, "
    "save it again as PDF and upload the new copy."
)
ACTIVE_PDF = _(
    "This PDF contains scripts or actions that run when it is opened (JavaScript, launching "
    "programs, sending forms or embedded files). Save it again without them, for example by "
    "printing it to a new PDF, and upload that copy."
)
NOT_IMAGE = _("Upload a PNG, JPEG, WebP or GIF image; this file is not one.")


def check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def sniff_extension(stream) -> str | None:
    """The extension the server stores this content under ("pdf", "png"...), or None for
    anything that is neither a PDF nor an accepted image."""
    stream.seek(0)
    head = stream.read(len(PDF_MAGIC))
    stream.seek(0)
    if head == PDF_MAGIC:
        return "pdf"
    try:
        with Image.open(stream) as image:
            return IMAGE_EXTENSIONS.get(image.format)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        return None
    finally:
        stream.seek(0)


def _has_active_content(reader: PdfReader) -> bool:
    """Walk every dictionary and array reachable from the trailer, without decoding a stream."""
    stack = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    nodes = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        nodes += 1
        if nodes > MAX_PDF_NODES:
            raise ValidationError(UNREADABLE_PDF, code="unreadable")
        if isinstance(node, DictionaryObject):
            if node.get("/S") in ACTIVE_ACTIONS or not ACTIVE_KEYS.isdisjoint(node.keys()):
                return True
            opening = node.get("/OpenAction")
            if opening is not None:
                opening = opening.get_object()
                # A destination (show page 1) is harmless; any action other than GoTo is not.
                if isinstance(opening, DictionaryObject) and opening.get("/S") != "/GoTo":
                    return True
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False


def check_pdf(upload, *, max_bytes: int) -> int:
    """The number of pages of the PDF `upload`, once it has passed every check."""
    check_size(upload, max_bytes)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.startswith(PDF_MAGIC):
        raise ValidationError(NOT_PDF, code="not_pdf")
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is protected by a password. Upload a copy without a password."),
                code="encrypted",
            )
        pages = len(reader.pages)
        first = reader.pages[0] if pages else None
        active = ACTIVE_RAW.search(data) is not None or _has_active_content(reader)
        if first is not None:
            unit = float(first.user_unit or 1)
            boxes = [first.mediabox, first.cropbox]
            width = max(float(box.width) for box in boxes) * unit
            height = max(float(box.height) for box in boxes) * unit
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(UNREADABLE_PDF, code="unreadable") from exc
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(_("This PDF has no pages."), code="empty")
    if active:
        raise ValidationError(ACTIVE_PDF, code="active_content")
    if page_size_problem(width, height):
        raise ValidationError(
            _(
                "The first page of this PDF is %(width)s by %(height)s inches; pages between "
                "a quarter inch and 200 inches a side, no more than five times as long as "
                "wide, are accepted. Export the document at a usual paper size."
            ),
            code="page_size",
            params={"width": f"{width / 72:.1f}", "height": f"{height / 72:.1f}"},
        )
    return pages


def check_image(upload, *, max_bytes: int = IMAGE_MAX_BYTES) -> str:
    """The extension the image `upload` is stored under, once it has passed every check."""
    check_size(upload, max_bytes)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(NOT_IMAGE, code="not_image") from exc
    finally:
        upload.seek(0)
    if image_format not in IMAGE_EXTENSIONS:
        raise ValidationError(NOT_IMAGE, code="not_image")
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("This image is %(width)s by %(height)s pixels; please make it smaller."),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )
    return IMAGE_EXTENSIONS[image_format]
