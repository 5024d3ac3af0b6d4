"""PDF rendering with WeasyPrint: certificates (two layers) and transcripts.

Speed matters (a course issues thousands of certificates, and the benchmark holds us to half the
time of a bare one-page WeasyPrint render), so:

- one FontConfiguration and one parsed stylesheet per process, reused by every render; the fonts
  are Source Sans 3's Latin subset bundled in static/ (loaded once, subset in milliseconds), with
  the system fonts behind them for names outside Latin;
- a certificate is printed in two layers (docs/decisions/certificates-in-two-layers.md): the
  background (frame, title, course, credit, provider, statement, signature) is the same for every
  certificate of a course and credit type issued on one day, so it is laid out once per process
  and kept, keyed by what it is made of, as a page parsed by pypdf; each certificate lays out
  only its learner layer (name, credential, dates, verification link, QR code), and pypdf
  draws the kept page beneath it as a form XObject and writes the one-page result;
- the QR code is a one-pixel-per-module PNG scaled up without smoothing, with a fixed mask
  pattern (choosing among the eight costs more than the rest of the render; all eight scan).

Nothing is fetched from the network: the URL fetcher serves data: URLs and files under the
static directory, and refuses everything else.
"""

import atexit
import base64
import functools
import gc
import hashlib
import io
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import segno
from django.conf import settings
from django.core.files.storage import default_storage
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.constants import PageAttributes, Resources
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from roots.uploads.serve import CONTENT_TYPES

STATIC_DIR = Path(settings.BASE_DIR) / "static"
FONT_DIR = STATIC_DIR / "fonts" / "source-sans-3"
FONT_FAMILY = "Roots Print"
# Measured by bench/certificates.py (docs/decisions/certificates-in-two-layers.md): warm renders
# are the same with woff and woff2, but woff loads faster in a new process (zlib, where woff2
# has fontTools rebuild the glyphs in Python); the system DejaVu is slower warm.
FONT_FORMAT = "woff"
FONT_FACES = [(400, "normal"), (600, "normal"), (700, "normal"), (400, "italic")]
QR_MASK = 6
BACKGROUND_CACHE_SIZE = 64

_lock = threading.RLock()


class URLRefused(ValueError):
    pass


@functools.cache
def _static_only_fetcher_class():
    # WeasyPrint is imported on first render, not when Django starts: web processes that never
    # render a PDF skip its import time.
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """data: URLs and files inside the static directory; nothing else, ever."""

        def __init__(self, root: Path = STATIC_DIR):
            super().__init__(allowed_protocols=["data", "file"], allow_redirects=False)
            self.root = root.resolve()

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if path.is_relative_to(self.root) and path.is_file():
                    return super().fetch(path.as_uri(), headers)
            raise URLRefused(f"Refused to fetch {url[:200]}: only data: and static files")

    return StaticOnlyFetcher


def static_only_fetcher(root: Path = STATIC_DIR):
    return _static_only_fetcher_class()(root)


def font_face_css(font_format: str = FONT_FORMAT, family: str = FONT_FAMILY) -> str:
    rules = []
    for weight, style in FONT_FACES:
        path = FONT_DIR / f"source-sans-3-latin-{weight}-{style}.{font_format}"
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{path.as_uri()}") format("{font_format}"); }}'
        )
    return "\n".join(rules)


class _Engine:
    """Per-process WeasyPrint state. Created lazily, after Celery's prefork, never shared
    across a fork (fontconfig and pango are not fork-safe)."""

    def __init__(self, font_format: str = FONT_FORMAT):
        from weasyprint.text.fonts import FontConfiguration

        self.pid = os.getpid()
        self.font_format = font_format
        self.font_config = FontConfiguration()
        self.fetcher = static_only_fetcher()
        self.stylesheets: dict[str, object] = {}
        self.backgrounds: OrderedDict[str, _Background] = OrderedDict()

    def stylesheet(self, css_text: str):
        from weasyprint import CSS

        key = hashlib.sha256(css_text.encode()).hexdigest()
        sheet = self.stylesheets.get(key)
        if sheet is None:
            sheet = CSS(
                string=font_face_css(self.font_format) + "\n" + css_text,
                font_config=self.font_config,
                url_fetcher=self.fetcher,
                base_url=str(STATIC_DIR) + "/",
            )
            self.stylesheets[key] = sheet
        return sheet

    def write_pdf(self, html: str, css_text: str) -> bytes:
        from weasyprint import HTML

        document = HTML(string=html, url_fetcher=self.fetcher, base_url=str(STATIC_DIR) + "/")
        return document.write_pdf(
            stylesheets=[self.stylesheet(css_text)],
            font_config=self.font_config,
        )


_engines: dict[str, _Engine] = {}


@functools.cache
def _release_at_exit() -> None:
    # FontConfiguration deletes its temporary font files when collected; collected during
    # interpreter shutdown, it fails noisily, so it is let go before.
    atexit.register(reset)


def engine(font_format: str = FONT_FORMAT) -> _Engine:
    current = _engines.get(font_format)
    if current is None or current.pid != os.getpid():
        _release_at_exit()
        current = _engines[font_format] = _Engine(font_format)
    return current


def reset() -> None:
    """Forget fonts, stylesheets and kept backgrounds (tests, the benchmark's cold render)."""
    with _lock:
        _engines.clear()
        gc.collect()


# --- Two layers, one page -----------------------------------------------------------------

_BACKGROUND = NameObject("/RootsBackground")
_DRAW_BACKGROUND = b"q " + _BACKGROUND.encode() + b" Do Q\n"


@dataclass(frozen=True)
class _Background:
    """A rendered background page, parsed once by pypdf and kept as a form XObject: its content
    stream (still compressed as WeasyPrint wrote it) with the page's resources and box."""

    form: StreamObject
    media_box: tuple[float, ...]


def _single_page(document: PdfReader | PdfWriter) -> PageObject:
    if len(document.pages) != 1:
        raise ValueError(f"A certificate layer must be one page, not {len(document.pages)}.")
    return document.pages[0]


def _media_box(page: PageObject) -> tuple[float, ...]:
    return tuple(float(value) for value in page.mediabox)


def _keep_background(pdf: bytes) -> _Background:
    page = _single_page(PdfReader(io.BytesIO(pdf)))
    # The reader is kept by this process alone and never written to: its page's content stream
    # becomes the form once, here, and each certificate clones the form (with the fonts and
    # images it refers to) into a writer of its own.
    form = page[PageAttributes.CONTENTS].get_object()
    if not isinstance(form, StreamObject):
        raise ValueError("A certificate background must be drawn by one content stream.")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): page.mediabox,
            NameObject(PageAttributes.RESOURCES): page.raw_get(PageAttributes.RESOURCES),
        }
    )
    return _Background(form=form, media_box=_media_box(page))


def _merge(learner_pdf: bytes, background: _Background) -> bytes:
    """The learner page with the kept background drawn beneath it, as one page.

    Not `PageObject.merge_page`: that parses the merged page's content stream operator by
    operator on every certificate (0.66-0.69 of the reference against 0.53-0.58 this way,
    docs/decisions/certificates-in-two-layers.md). A form XObject is drawn as it is, and pypdf's
    `clone` copies it, with the fonts and images it refers to, into the certificate's writer.
    """
    # The learner layer's header (PDF 1.7) with its title, language and metadata.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(learner_pdf)), keep_initial_header=True)
    page = _single_page(writer)
    if _media_box(page) != background.media_box:
        raise ValueError("The two layers of a certificate must have the same page size.")
    resources = page[PageAttributes.RESOURCES]
    xobjects = resources.get(Resources.XOBJECT)
    if xobjects is None:
        xobjects = resources[NameObject(Resources.XOBJECT)] = DictionaryObject()
    xobjects.get_object()[_BACKGROUND] = background.form.clone(writer).indirect_reference
    content = page.get_contents()
    content.set_data(_DRAW_BACKGROUND + content.get_data())
    page.replace_contents(content.flate_encode())
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def render_layers(
    *,
    background_key: str,
    background_html,
    learner_html: str,
    css_text: str,
    font_format: str = FONT_FORMAT,
) -> bytes:
    """One PDF page: the kept background layer with the learner layer on top.
    `background_html` is a callable, called only when no layer is kept under `background_key`."""
    with _lock:
        current = engine(font_format)
        key = hashlib.sha256(f"{css_text}\0{background_key}".encode()).hexdigest()
        background = current.backgrounds.get(key)
        if background is None:
            background = _keep_background(current.write_pdf(background_html(), css_text))
            current.backgrounds[key] = background
            while len(current.backgrounds) > BACKGROUND_CACHE_SIZE:
                current.backgrounds.popitem(last=False)
        else:
            current.backgrounds.move_to_end(key)
        return _merge(current.write_pdf(learner_html, css_text), background)


def render_single_pass(html: str, css_text: str, font_format: str = FONT_FORMAT) -> bytes:
    """One WeasyPrint render of a whole document (transcripts; the benchmark's comparison)."""
    with _lock:
        return engine(font_format).write_pdf(html, css_text)


# --- Certificates ------------------------------------------------------------------------

_compiled: OrderedDict[str, object] = OrderedDict()


def _compile(source: str):
    template = _compiled.get(source)
    if template is None:
        template = Engine.get_default().from_string(source)
        _compiled[source] = template
        while len(_compiled) > 32:
            _compiled.popitem(last=False)
    return template


def _page(body: str, title: str, lang: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>{body}</body></html>"
    )


class StoredImage:
    """An image in the default storage (the provider's signature), named by what it is made of
    (its stored name) and read only when a layer prints it: a kept background never reads it
    again."""

    def __init__(self, name: str):
        self.name = name or ""

    def __str__(self):
        return self.name

    def __bool__(self):
        return bool(self.name)

    @functools.cached_property
    def data_uri(self) -> str:
        extension = Path(self.name).suffix.lstrip(".").lower()
        media_type = CONTENT_TYPES.get(extension, "application/octet-stream")
        with default_storage.open(self.name, "rb") as stored:
            data = stored.read()
        return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def qr_data_uri(url: str) -> str:
    code = segno.make(url, error="m", mask=QR_MASK, micro=False)
    return code.png_data_uri(scale=1, border=0)


# What the background layer may print: the same for every certificate of a course and credit
# type issued on the same day.
BACKGROUND_KEYS = (
    "site_name",
    "course_title",
    "credit_type",
    "hours",
    "credit_unit",
    "provider_name",
    "provider_address",
    "provider_number",
    "activity_number",
    "accreditation_statement",
    "signature",
    "signatory_name",
    "signatory_title",
    "issued_on",
    "expires_on",
)


def _background_html(template, context: dict, lang: str) -> str:
    background = {key: context[key] for key in BACKGROUND_KEYS}
    return _page(_compile(template.background_html).render(Context(background)), "", lang)


def _learner_html(template, context: dict, title: str, lang: str) -> str:
    return _page(_compile(template.learner_html).render(Context(context)), title, lang)


def certificate_layers_html(*, template, context: dict, title: str, lang: str) -> tuple[str, str]:
    """The background and learner layers of a certificate as complete HTML documents."""
    return _background_html(template, context, lang), _learner_html(template, context, title, lang)


def render_certificate_pdf(
    *, template, context: dict, title: str, lang: str = "en", font_format: str = FONT_FORMAT
) -> bytes:
    # The kept background is found by what it is made of, without rendering its HTML again.
    background_key = repr(
        (
            template.background_html,
            translation.get_language(),
            lang,
            [str(context[key]) for key in BACKGROUND_KEYS],
        )
    )
    return render_layers(
        background_key=background_key,
        background_html=lambda: _background_html(template, context, lang),
        learner_html=_learner_html(template, context, title, lang),
        css_text=template.css,
        font_format=font_format,
    )


def render_template_pdf(template_name: str, context: dict, css_template: str) -> bytes:
    """A printed document from a file template and its stylesheet template (transcripts)."""
    html = render_to_string(template_name, context)
    css_text = render_to_string(css_template)
    return render_single_pass(html, css_text)
