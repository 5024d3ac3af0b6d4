"""The journal's PDF is drawn by a real Celery worker on Redis, not in the web request: the
request returns at once, the page polls, and the download is the learner's journal."""

import io
import time

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from courses import journal
from courses.models import JournalPdf, Reflection
from tests.certificates.conftest import celery_worker_process, wait_for  # noqa: F401 - fixture
from tests.courses.factories import build_course
from tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REFLECTIONS = 17  # the journal the review timed at 2.2-2.7 s when drawn in the request


def test_journal_pdf_is_made_by_a_real_worker_and_downloaded_when_ready(
    celery_worker_process,  # noqa: F811 - the fixture imported above
    monkeypatch,
):
    drawn_here = []
    monkeypatch.setattr(journal, "journal_pdf", lambda *a, **k: drawn_here.append(1))
    learner = UserFactory(verified=True, full_name="Jordan Okafor")
    course = build_course(units=3, lessons=6, questions=0, title="Roots of Health Inequity")
    lessons = [lesson for unit in course.units.order_by("number") for lesson in unit.lessons.all()]
    for index, lesson in enumerate(lessons[:REFLECTIONS], start=1):
        Reflection.objects.create(
            user=learner, lesson=lesson, text=f"Reflection number {index} on upstream causes."
        )
    client = Client()
    client.force_login(learner)

    started = time.monotonic()
    response = client.post(reverse("learn:journal_pdf"))
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    # The request only queued the work (drawing the PDF in it took more than two seconds).
    assert elapsed < 1.5, elapsed
    assert "being prepared" in client.get(reverse("learn:journal")).text

    ready = wait_for(
        lambda: JournalPdf.objects.filter(user=learner, status=JournalPdf.Status.READY).first(),
        timeout=120,  # generous: the machine may be busy with other test processes
    )
    assert ready.attempts == 1
    status = client.get(reverse("learn:journal_pdf_status")).text
    assert reverse("learn:journal_pdf_download") in status
    download = client.get(reverse("learn:journal_pdf_download"))
    assert download.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(download)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Jordan Okafor" in text
    for index in (1, REFLECTIONS):
        assert f"Reflection number {index} on upstream causes." in text
    # The worker drew it: this (web) process never did.
    assert drawn_here == []
