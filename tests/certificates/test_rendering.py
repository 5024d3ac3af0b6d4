import io

import pypdf
import pytest
from django.conf import settings

from courses.certificates import rendering, services
from courses.certificates.rendering import URLRefused

from .factories import CertificateFactory

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_fetcher_serves_static_files_and_data_urls_only():
    fetcher = rendering.static_only_fetcher()
    font = rendering.FONT_DIR / "source-sans-3-latin-400-normal.woff"
    assert fetcher.fetch(font.as_uri()).read(4) == b"wOFF"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in [
        "https://example.org/logo.png",
        "http://127.0.0.1:8000/admin/",
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/manage.py",
        (rendering.STATIC_DIR / ".." / "manage.py").as_uri(),
    ]:
        with pytest.raises(URLRefused):
            fetcher.fetch(url)


def test_certificate_with_remote_image_renders_without_fetching_it(monkeypatch):
    fetched = []
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: fetched.append(a))
    certificate = CertificateFactory(learner__full_name="Ana Lima")
    template = services.certificate_template_current()
    template.learner_html += '<img src="https://tracker.example.org/pixel.png" alt="">'
    pdf = services.certificate_pdf_bytes(certificate, template)
    assert "Ana Lima" in text_of(pdf)
    assert fetched == []


def test_certificate_pdf_is_one_landscape_page_with_both_layers():
    certificate = CertificateFactory(learner__full_name="Kai Nakamura")
    pdf = services.certificate_pdf_bytes(certificate, services.certificate_template_current())
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = page.extract_text()
    assert "Certificate of Continuing Education" in text  # background layer
    assert "Kai Nakamura" in text  # learner layer
    assert certificate.code in text


def test_name_outside_latin_falls_back_to_system_font():
    certificate = CertificateFactory(learner_name="Nguyễn Thị Minh Khai")
    pdf = services.certificate_pdf_bytes(certificate, services.certificate_template_current())
    assert "Nguyễn Thị Minh Khai" in text_of(pdf)


def test_background_layer_laid_out_once_per_course_and_credit(monkeypatch):
    calls = []
    engine = rendering.engine()
    real = engine.write_pdf
    monkeypatch.setattr(engine, "write_pdf", lambda *a, **k: calls.append(1) or real(*a, **k))
    template = services.certificate_template_current()
    first = CertificateFactory()
    services.certificate_pdf_bytes(first, template)
    services.certificate_pdf_bytes(CertificateFactory(course=first.course), template)
    assert len(calls) == 3  # one background, two learner layers
    services.certificate_pdf_bytes(CertificateFactory(), template)  # another course
    assert len(calls) == 5


def test_qr_code_is_a_small_png_data_uri():
    uri = rendering.qr_data_uri("https://roots.example.org/certificates/verify/ABCD-EFGH/")
    assert uri.startswith("data:image/png;base64,")
    assert len(uri) < 1500
