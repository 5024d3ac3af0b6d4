"""A learner asks for their journal as a PDF: the page says it is being prepared, a real Celery
worker draws it, and the page offers the download by itself."""

import io

import pypdf
import pytest
from playwright.sync_api import expect

from courses import services
from tests.certificates.conftest import celery_worker_process  # noqa: F401 - a fixture
from tests.courses.factories import build_course
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_learner_asks_for_the_journal_pdf_and_downloads_it_when_the_worker_is_done(
    page,
    sign_in,
    celery_worker_process,  # noqa: F811 - the fixture imported above
    assert_accessible,
):
    learner = UserFactory(verified=True, full_name="Amara Okafor")
    course = build_course(units=1, lessons=2, questions=0, title="Roots of Health Inequity")
    services.enrollment_create(user=learner, course=course)
    for lesson in course.units.get().lessons.all():
        services.reflection_save(
            user=learner, lesson=lesson, text=f"Housing first, in {lesson.title}."
        )
    sign_in(page, learner)
    page.goto("/learn/journal/")
    page.get_by_role("button", name="Prepare a PDF").click()

    expect(page.get_by_role("status").first).to_contain_text("being prepared")
    # No reload: htmx polls the fragment until the worker has drawn the PDF.
    download_link = page.get_by_role("link", name="Download the PDF prepared")
    expect(download_link).to_be_visible(timeout=60_000)
    expect(page.get_by_role("button", name="Prepare a PDF")).to_have_count(0)
    assert_accessible(page)
    with page.expect_download() as download_info:
        download_link.click()
    assert download_info.value.suggested_filename == "roots-journal.pdf"
    pdf = download_info.value.path().read_bytes()
    text = " ".join(sheet.extract_text() for sheet in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Amara Okafor" in text
    assert "Housing first, in Lesson 1.1." in text
    assert "Housing first, in Lesson 1.2." in text
