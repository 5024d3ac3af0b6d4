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


def test_certificate_pdf_merged_is_one_page_with_background_and_learner_text():
    certificate = CertificateFactory(learner__full_name="Amara Okeke")
    pdf = services.certificate_pdf_bytes(certificate, services.certificate_template_current())
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert certificate.course_title in text  # background layer
    assert "designated provider of CECH" in text  # background layer
    assert "Amara Okeke" in text  # learner layer
    assert certificate.code in text  # learner layer
    assert reader.metadata.title == f"Certificate {certificate.code}"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_certificates_sharing_kept_background_each_print_their_own_learner():
    template = services.certificate_template_current()
    first = CertificateFactory(learner__full_name="Lena Fischer")
    second = CertificateFactory(course=first.course, learner__full_name="Tomás Rivera")
    pdfs = [services.certificate_pdf_bytes(c, template) for c in (first, second, first)]
    assert len(rendering.engine().backgrounds) == 1
    texts = [" ".join(text_of(pdf).split()) for pdf in pdfs]
    for certificate, other, text in zip(
        (first, second, first), (second, first, second), texts, strict=True
    ):
        assert first.course_title in text
        assert text.count("Certificate of Continuing Education") == 1
        assert certificate.learner_name in text
        assert certificate.code in text
        assert other.learner_name not in text
        assert other.code not in text
    assert texts[0] == texts[2]  # the kept background came out of two merges unchanged


def test_layers_of_different_page_sizes_refused():
    with pytest.raises(ValueError, match="same page size"):
        rendering.render_layers(
            background_key="a4-portrait",
            background_html=lambda: "<style>@page { size: A4 portrait }</style><p>Background</p>",
            learner_html="<p>Learner</p>",
            css_text="@page { size: letter landscape }",
        )


def test_layer_of_two_pages_refused():
    with pytest.raises(ValueError, match="one page, not 2"):
        rendering.render_layers(
            background_key="two-pages",
            background_html=lambda: '<p>One</p><p style="break-before: page">Two</p>',
            learner_html="<p>Learner</p>",
            css_text="@page { size: letter landscape }",
        )
