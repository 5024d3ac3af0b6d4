"""Reading PDFs: is this really one, how many pages has it, and a picture of its first page."""

import io
import threading

import pypdfium2 as pdfium
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

PDF_MAGIC = b"%PDF-"
COVER_WIDTH_PX = 400

# PDFium is not thread-safe; a threaded server could render two covers at once.
_pdfium_lock = threading.Lock()


def max_upload_bytes() -> int:
    return getattr(settings, "RESOURCE_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)


def check_upload_size(upload) -> None:
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the largest PDF accepted is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def pdf_page_count(stream) -> int:
    """The number of pages of the PDF in `stream`, judged by content, never by file name.

    Raises ValidationError with a message an editor can act on; leaves the stream at its start."""
    stream.seek(0)
    head = stream.read(len(PDF_MAGIC))
    stream.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(
            _(
                "This file is not a PDF (its content does not start like one, whatever its "
                "name says). Export or save the document as PDF and upload that file."
            ),
            code="not_pdf",
        )
    try:
        reader = PdfReader(stream)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is protected by a password. Upload a copy without a password."),
                code="encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            _(
                "This PDF could not be read; it may be damaged or incomplete. Open it on your "
                "computer, save it again as PDF and upload the new copy."
            ),
            code="unreadable",
        ) from exc
    finally:
        stream.seek(0)
    if pages < 1:
        raise ValidationError(_("This PDF has no pages."), code="empty")
    return pages


def render_cover_png(stream, width: int = COVER_WIDTH_PX) -> bytes:
    """The first page of the PDF in `stream` as a PNG `width` pixels wide."""
    stream.seek(0)
    data = stream.read()
    with _pdfium_lock:
        document = pdfium.PdfDocument(data)
        try:
            page = document[0]
            page_width, _height = page.get_size()
            bitmap = page.render(scale=width / page_width, fill_color=(255, 255, 255, 255))
            image = bitmap.to_pil().convert("RGB")
            page.close()
        finally:
            document.close()
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
