"""Uploaded files are checked by their content; editors' and commenters' text is sanitized."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from coalition import validators
from coalition.models import Report
from devtools.demo.files import simple_pdf
from roots.text import COMMENT, REPORT, plain_text, render
from roots.uploads import checks

from .factories import PartnerFactory, ReportFactory, pdf_upload, png_upload


def _image(fmt: str, size=(10, 10)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 0, 0)).save(buffer, format=fmt)
    return SimpleUploadedFile(f"x.{fmt.lower()}", buffer.getvalue())


@pytest.mark.django_db
def test_validate_pdf_accepts_a_real_pdf_which_is_stored_whole_and_offered_for_download(client):
    content = simple_pdf(["A test report", "with a second line"])
    upload = SimpleUploadedFile("status.pdf", content, content_type="application/pdf")

    assert validators.validate_pdf(upload) is None

    report = ReportFactory(published=True)
    report.pdf = upload
    report.full_clean()  # the model field runs the same validator
    report.save()
    with report.pdf.open("rb") as stored:
        assert stored.read() == content
    assert len(PdfReader(report.pdf.path).pages) == 1
    page = client.get(report.get_absolute_url()).text
    assert f'href="{report.get_pdf_url()}"' in page
    served = client.get(report.get_pdf_url())
    assert b"".join(served.streaming_content) == content


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
    monkeypatch.setattr(Report._meta.get_field("pdf"), "max_bytes", 100)
    with pytest.raises(ValidationError, match="the limit is 100"):
        Report._meta.get_field("pdf").check_upload(pdf_upload())


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_validate_image_accepts_common_formats_which_are_stored_whole_and_shown(client, fmt):
    upload = _image(fmt, size=(12, 7))
    content = upload.read()
    upload.seek(0)

    assert validators.validate_image(upload) is None

    partner = PartnerFactory(name="Lakeside Health Partners")
    partner.logo = upload
    partner.full_clean()  # the model field runs the same validator
    partner.save()
    with partner.logo.open("rb") as stored:
        assert stored.read() == content
    with Image.open(partner.logo.path) as image:
        assert (image.format, image.size) == (fmt, (12, 7))
    page = client.get(reverse("coalition:partner_list")).text
    assert f'<img src="{partner.get_logo_url()}"' in page
    served = client.get(partner.get_logo_url())
    assert b"".join(served.streaming_content) == content


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
    monkeypatch.setattr(checks, "IMAGE_MAX_PIXELS", 50)
    with pytest.raises(ValidationError, match="600 by 800 pixels"):
        validators.validate_image(png_upload())


def test_validate_time_zone_knows_iana_names():
    validators.validate_time_zone("America/Chicago")
    with pytest.raises(ValidationError):
        validators.validate_time_zone("Mars/Olympus_Mons")


def test_render_report_keeps_formatting_and_drops_scripts_and_handlers():
    html = render(
        "# Title\n\n**bold** [ok](https://example.org) [bad](javascript:alert(1))\n\n"
        '<script>alert(1)</script><p onclick="x()">para</p>\n\n| a | b |\n|---|---|\n| 1 | 2 |',
        REPORT,
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
    html = render("a <b> & www.example.org\n\nnext", COMMENT)
    assert "&lt;b&gt;" in html
    assert '<a href="http://www.example.org" rel="nofollow ugc noopener noreferrer">' in html
    assert html.count("<p>") == 2
