"""Uploads never run on the site's origin: the content decides what a file is, the server names
it, and it reaches a browser only through a view, typed, with nosniff and a sandboxing CSP."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import clear_url_caches, reverse
from pypdf import PdfReader

from coalition import validators
from coalition.models import Report
from tests import hostile_files
from tests.factories import UserFactory

from .factories import PartnerFactory, ReportFactory, pdf_upload, png_upload
from .test_report_views import _report_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _served(response) -> bytes:
    return b"".join(response.streaming_content)


def _assert_sandboxed(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy
    assert "default-src 'none'" in policy


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("poly.js", hostile_files.polyglot_js_pdf()),
        ("report.html", hostile_files.html_pdf("/media/coalition/reports/x/poly.js")),
    ],
    ids=["js-polyglot", "html-page"],
)
def test_report_form_refuses_a_polyglot_with_an_inline_error(client, editor, name, content):
    client.force_login(editor)

    response = client.post(
        reverse("coalition:report_create"),
        _report_post(pdf=SimpleUploadedFile(name, content, "application/pdf")),
    )

    assert response.status_code == 200
    assert "This file is not a PDF" in response.text
    assert not Report.objects.exists()


def test_report_pdf_is_stored_under_a_server_name_and_served_as_a_sandboxed_download(
    client, editor
):
    # A real PDF (it passes every check) that the editor named as a web page.
    content = hostile_files.pdf_bytes(content=b"<script>window.pwned=1</script>")
    client.force_login(editor)
    client.post(
        reverse("coalition:report_create"),
        _report_post(pdf=SimpleUploadedFile("report.html", content, "text/html")),
    )
    report = Report.objects.get()
    assert report.pdf.name.endswith(".pdf")
    assert "report.html" not in report.pdf.name

    page = client.get(reverse("coalition:report_edit", args=[report.pk])).text
    link = report.get_pdf_url()
    response = client.get(link)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.pdf"')
    _assert_sandboxed(response)
    assert "private" in response["Cache-Control"]
    assert len(PdfReader(ContentFile(_served(response))).pages) == 1
    assert "/media/" not in page


@pytest.mark.parametrize("kind", [*hostile_files.SCRIPTED, "hex_escaped_names"])
def test_pdf_check_refuses_a_pdf_that_runs_something_when_opened(kind):
    if kind == "hex_escaped_names":
        # /JavaScript and /JS spelled with #xx escapes, as a filter on the raw bytes would miss.
        content = hostile_files.pdf_bytes(
            content=b"q Q", extra_catalog="/OpenAction << /S /Java#53cript /J#53 (x) >> "
        )
    else:
        content = hostile_files.scripted_pdf(kind)
    assert len(PdfReader(ContentFile(content)).pages) == 1  # a PDF every reader opens

    with pytest.raises(validators.ValidationError) as error:
        validators.validate_pdf(SimpleUploadedFile("report.pdf", content))

    assert error.value.code == "active_content"
    assert "scripts or actions that run when it is opened" in str(error.value)


def test_pdf_check_accepts_an_open_action_that_only_shows_the_first_page():
    content = hostile_files.pdf_bytes(content=b"q Q", extra_catalog="/OpenAction [3 0 R /Fit] ")

    validators.validate_pdf(SimpleUploadedFile("report.pdf", content))


def test_report_form_refuses_a_pdf_with_javascript_with_an_inline_error(client, editor):
    client.force_login(editor)
    scripted = hostile_files.scripted_pdf("open_action_javascript")

    response = client.post(
        reverse("coalition:report_create"),
        _report_post(pdf=SimpleUploadedFile("report.pdf", scripted, "application/pdf")),
    )

    assert "scripts or actions that run when it is opened" in response.text
    assert not Report.objects.exists()


def test_a_file_stored_earlier_under_the_uploaders_extension_goes_out_as_an_opaque_download(
    client,
):
    name = default_storage.save(
        "coalition/reports/0123abcd/report.html",
        ContentFile(hostile_files.html_pdf("poly.js")),
    )
    report = ReportFactory(published=True)
    Report.objects.filter(pk=report.pk).update(pdf=name)

    response = client.get(report.get_pdf_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".html" not in response["Content-Disposition"]
    _assert_sandboxed(response)


def test_a_cover_named_as_a_page_is_stored_and_shown_as_the_image_it_is(client, editor):
    client.force_login(editor)
    client.post(
        reverse("coalition:report_create"),
        _report_post(cover=png_upload(name="cover.html"), cover_alt="A green cover"),
    )
    report = Report.objects.get()
    assert report.cover.name.endswith(".png")

    response = client.get(report.get_cover_url())

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    _assert_sandboxed(response)
    assert _served(response).startswith(b"\x89PNG")


def test_media_urls_are_not_served_even_with_debug(client, settings):
    name = default_storage.save("coalition/reports/0123abcd/report.html", ContentFile(b"<p>x"))
    settings.DEBUG = True
    import roots.urls

    try:
        importlib.reload(roots.urls)
        clear_url_caches()
        response = client.get(f"/media/{name}")
    finally:
        settings.DEBUG = False
        importlib.reload(roots.urls)
        clear_url_caches()

    assert response.status_code == 404


def _role(role):
    if role == "anonymous":
        return None
    if role == "practitioner":
        return UserFactory(verified=True)
    from tests.factories import editor

    return editor()


def _as(role) -> Client:
    client = Client()
    user = _role(role)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "published", "expected"),
    [
        ("anonymous", True, 200),
        ("practitioner", True, 200),
        ("editor", True, 200),
        ("anonymous", False, 404),
        ("practitioner", False, 404),
        ("editor", False, 200),
    ],
)
@pytest.mark.parametrize("which", ["pdf", "cover"])
def test_report_files_follow_the_report_page_for_each_role(role, published, expected, which):
    report = ReportFactory(
        published=published, pdf=pdf_upload(), cover=png_upload(), cover_alt="A cover"
    )
    url = report.get_pdf_url() if which == "pdf" else report.get_cover_url()

    response = _as(role).get(url)

    assert response.status_code == expected
    if expected == 200:
        _assert_sandboxed(response)
        assert ("private" in response["Cache-Control"]) is not published


def test_report_files_that_are_not_there_answer_404(client):
    report = ReportFactory(published=True)

    assert client.get(report.get_pdf_url()).status_code == 404
    assert client.get(report.get_cover_url()).status_code == 404
    assert client.get(reverse("coalition:report_pdf", args=["no-such-report"])).status_code == 404


def test_report_files_refuse_writes(client, editor):
    report = ReportFactory(published=True, pdf=pdf_upload())
    client.force_login(editor)

    assert client.post(report.get_pdf_url()).status_code == 405


@pytest.mark.parametrize("role", ["anonymous", "practitioner", "editor"])
def test_partner_logo_is_shown_to_everyone_sandboxed(role):
    partner = PartnerFactory(logo=png_upload(name="logo.svg"))
    assert partner.logo.name.endswith(".png")

    response = _as(role).get(partner.get_logo_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    _assert_sandboxed(response)


def test_partner_without_logo_or_unknown_answers_404(client):
    partner = PartnerFactory()

    assert client.get(partner.get_logo_url()).status_code == 404
    assert client.get(reverse("coalition:partner_logo", args=[999999])).status_code == 404
