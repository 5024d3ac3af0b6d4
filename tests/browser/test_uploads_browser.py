"""An editor's polyglot upload never runs on the site, in a real browser: the form refuses it,
and a polyglot that reached storage earlier (named poly.js, with a report.html that loads it)
is downloaded, never rendered, and refused as a script even when a page of the site loads it."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from coalition.models import Report
from tests import hostile_files
from tests.coalition.factories import ReportFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _fill_report(page, title, pdf_name, content):
    page.goto("/reports/manage/new/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Summary").fill("Where members stand.")
    page.locator("input[name=pdf]").set_input_files(
        files=[{"name": pdf_name, "mimeType": "application/pdf", "buffer": content}]
    )
    page.get_by_role("button", name="Save draft").click()


def _legacy_report(name: str, content: bytes) -> Report:
    """A published report whose attachment was stored under the uploader's name, as before."""
    stored = default_storage.save(f"coalition/reports/0123abcd/{name}", ContentFile(content))
    report = ReportFactory(published=True)
    Report.objects.filter(pk=report.pk).update(pdf=stored)
    return report


def test_an_uploaded_polyglot_never_executes(
    page, editor, superuser, sign_in, browser, live_server
):
    sign_in(page, editor)
    _fill_report(page, "Poly", "poly.js", hostile_files.polyglot_js_pdf())
    expect(page.get_by_text("This file is not a PDF")).to_be_visible()
    assert not Report.objects.exists()

    poly = _legacy_report("poly.js", hostile_files.polyglot_js_pdf())
    poly_url = poly.get_pdf_url()
    html = _legacy_report("report.html", hostile_files.html_pdf(poly_url))

    admin_context = browser.new_context(base_url=live_server.url)
    admin = admin_context.new_page()
    console = []
    admin.on("console", lambda message: console.append(message.text))
    sign_in(admin, superuser)
    admin.goto(poly.get_absolute_url())

    # The admin follows the editor's link to the "page": it is a download, never a page here.
    with admin.expect_download() as download:
        admin.evaluate("url => { window.location.href = url }", html.get_pdf_url())
    assert not download.value.suggested_filename.endswith(".html")
    assert admin.url.endswith(poly.get_absolute_url())

    # Even loaded as a script by a page of the site, the polyglot does not run.
    outcome = admin.evaluate(
        """url => new Promise(resolve => {
            const script = document.createElement("script");
            script.src = url;
            script.onload = () => resolve("loaded");
            script.onerror = () => resolve("refused");
            document.head.appendChild(script);
        })""",
        poly_url,
    )
    assert outcome == "refused"
    assert admin.evaluate("window.pwned") is None
    assert admin.title() != "pwned"
    assert any("MIME type" in line for line in console), console
    admin_context.close()
