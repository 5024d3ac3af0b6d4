"""Uploaded files are checked by their content; editors' and commenters' text is sanitized."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from coalition import validators
from coalition.text import plain_text, render_comment, render_markdown

from .factories import pdf_upload, png_upload


def _image(fmt: str, size=(10, 10)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 0, 0)).save(buffer, format=fmt)
    return SimpleUploadedFile(f"x.{fmt.lower()}", buffer.getvalue())


def test_validate_pdf_accepts_a_real_pdf():
    validators.validate_pdf(pdf_upload())


@pytest.mark.parametrize(
    "content", [b"<html>hello</html>", b"%PDF-1.4\nthis is not really a pdf", b""]
)
def test_validate_pdf_refuses_what_is_not_a_readable_pdf(content):
    upload = SimpleUploadedFile("report.pdf", content, content_type="application/pdf")
    if not content:
        upload.size = 1  # an empty upload never reaches the validator; pretend it did
    with pytest.raises(ValidationError):
        validators.validate_pdf(upload)


def test_validate_pdf_refuses_a_file_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(validators, "PDF_MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="the limit is 100"):
        validators.validate_pdf(pdf_upload())


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_validate_image_accepts_common_formats(fmt):
    validators.validate_image(_image(fmt))


def test_validate_image_refuses_svg_and_text():
    svg = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    with pytest.raises(ValidationError, match="not one"):
        validators.validate_image(svg)
    with pytest.raises(ValidationError):
        validators.validate_image(SimpleUploadedFile("logo.png", b"just text"))


def test_validate_image_refuses_a_format_outside_the_list():
    with pytest.raises(ValidationError):
        validators.validate_image(_image("BMP"))


def test_validate_image_refuses_too_many_pixels(monkeypatch):
    monkeypatch.setattr(validators, "IMAGE_MAX_PIXELS", 50)
    with pytest.raises(ValidationError, match="600 by 800 pixels"):
        validators.validate_image(png_upload())


def test_validate_time_zone_knows_iana_names():
    validators.validate_time_zone("America/Chicago")
    with pytest.raises(ValidationError):
        validators.validate_time_zone("Mars/Olympus_Mons")


def test_render_markdown_keeps_formatting_and_drops_scripts_and_handlers():
    html = render_markdown(
        "# Title\n\n**bold** [ok](https://example.org) [bad](javascript:alert(1))\n\n"
        '<script>alert(1)</script><p onclick="x()">para</p>\n\n| a | b |\n|---|---|\n| 1 | 2 |',
        top_heading=3,
    )
    assert html.startswith("<h3>Title</h3>")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">ok</a>' in html
    assert "javascript" not in html
    assert "<script" not in html
    assert "onclick" not in html
    assert "<table>" in html


def test_plain_text_drops_markup_and_script_content():
    assert plain_text("<script>steal()</script><i>hi</i> a < b &amp; c") == "hi a < b & c"


def test_render_comment_escapes_text_and_links_addresses():
    html = render_comment("a <b> & www.example.org\n\nnext")
    assert "&lt;b&gt;" in html
    assert '<a href="http://www.example.org" rel="nofollow ugc noopener noreferrer">' in html
    assert html.count("<p>") == 2
