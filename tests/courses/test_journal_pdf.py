"""The journal's PDF is made by the worker, once per version of the journal: the page shows it
being prepared, then a download; an unchanged journal is never rendered twice, a new render
replaces the file, and a person asking too often is refused with a message that says so."""

import io
import threading
import zoneinfo
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from courses import journal, services, tasks
from courses.models import JournalPdf
from tests.courses.factories import ReflectionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def queued(monkeypatch):
    """The journal PDF ids sent to the broker (nothing is sent)."""
    sent = []
    lock = threading.Lock()

    def record(**kwargs):
        with lock:
            sent.append(kwargs["args"][0])

    monkeypatch.setattr(tasks.journal_pdf_render_task, "apply_async", record)
    return sent


@pytest.fixture
def renders(monkeypatch):
    """How many times the journal was drawn as a PDF."""
    count = []
    draw = journal.journal_pdf

    def counting(*args, **kwargs):
        count.append(1)
        return draw(*args, **kwargs)

    monkeypatch.setattr(journal, "journal_pdf", counting)
    return count


def _pdf_text(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def _render_queued(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for pk in queued:
            services.journal_pdf_render(journal_pdf_id=pk)
    queued.clear()


# --- Who may use it --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("post", "learn:journal_pdf"),
        ("get", "learn:journal_pdf_status"),
        ("get", "learn:journal_pdf_download"),
    ],
)
def test_journal_pdf_anonymous_is_sent_to_sign_in(client, method, name):
    url = reverse(name)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_journal_pdf_request_refuses_get(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("learn:journal_pdf")).status_code == 405


def test_journal_pdf_status_and_download_404_before_any_request(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("learn:journal_pdf_status")).status_code == 404
    assert client.get(reverse("learn:journal_pdf_download")).status_code == 404


def test_journal_pdf_of_another_learner_is_never_served(
    client, learner, lesson, queued, django_capture_on_commit_callbacks
):
    ReflectionFactory(user=learner, lesson=lesson, text="Mine, about upstream causes")
    with django_capture_on_commit_callbacks(execute=True):
        services.journal_pdf_request(user=learner)
    _render_queued(queued, django_capture_on_commit_callbacks)
    other = UserFactory(verified=True)
    client.force_login(other)
    assert client.get(reverse("learn:journal_pdf_download")).status_code == 404
    assert client.get(reverse("learn:journal_pdf_status")).status_code == 404
    assert "Download the PDF" not in client.get(reverse("learn:journal")).text


# --- The journey -----------------------------------------------------------------------------


def test_journal_pdf_request_queues_a_render_and_the_page_polls_until_a_download(
    client, learner, lesson, queued, renders, django_capture_on_commit_callbacks
):
    ReflectionFactory(user=learner, lesson=lesson, text="Mine, about upstream causes")
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("learn:journal_pdf"), follow=True)
    # Nothing was drawn in the request: the render is queued for the worker.
    assert renders == []
    assert len(queued) == 1
    page = response.content.decode()
    assert "being prepared" in page
    assert f'hx-get="{reverse("learn:journal_pdf_status")}"' in page
    assert 'role="status"' in page
    status = client.get(reverse("learn:journal_pdf_status"))
    assert 'hx-trigger="every 2s"' in status.text
    assert "no-cache" in status["Cache-Control"]

    _render_queued(queued, django_capture_on_commit_callbacks)
    status = client.get(reverse("learn:journal_pdf_status")).text
    assert "hx-trigger" not in status
    assert reverse("learn:journal_pdf_download") in status
    download = client.get(reverse("learn:journal_pdf_download"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="roots-journal.pdf"' in download["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(download))).pages)
    assert "Mine, about upstream causes" in text
    assert "Reflection journal" in text


def test_journal_pdf_ready_time_is_shown_in_the_learners_time_zone(
    client, learner, lesson, queued, django_capture_on_commit_callbacks
):
    learner.time_zone = "Asia/Tokyo"
    learner.save(update_fields=["time_zone"])
    ReflectionFactory(user=learner, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        services.journal_pdf_request(user=learner)
    _render_queued(queued, django_capture_on_commit_callbacks)
    ready_at = JournalPdf.objects.get(user=learner).ready_at
    client.force_login(learner)
    local = ready_at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert (
        f"Download the PDF prepared {local:%-d %b %Y, %H:%M}"
        in client.get(reverse("learn:journal")).text
    )


def test_journal_pdf_unchanged_journal_is_not_rendered_twice(
    client, learner, lesson, queued, renders, django_capture_on_commit_callbacks
):
    ReflectionFactory(user=learner, lesson=lesson, text="First thoughts")
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learn:journal_pdf"))
    _render_queued(queued, django_capture_on_commit_callbacks)
    name = JournalPdf.objects.get(user=learner).pdf.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("learn:journal_pdf"), follow=True)
    assert queued == []
    assert renders == [1]
    assert "Your journal has not changed: its PDF is ready below." in response.text
    assert JournalPdf.objects.get(user=learner).pdf.name == name
    # The page offers the download and no button to make the same PDF again.
    assert "Prepare a" not in response.text


def test_journal_pdf_after_an_edit_is_rendered_again_and_replaces_the_old_file(
    client, learner, lesson, queued, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    services.reflection_save(user=learner, lesson=lesson, text="First thoughts")
    with django_capture_on_commit_callbacks(execute=True):
        services.journal_pdf_request(user=learner)
    _render_queued(queued, django_capture_on_commit_callbacks)
    first = JournalPdf.objects.get(user=learner).pdf.name

    services.reflection_save(user=learner, lesson=lesson, text="Second thoughts")
    page = client.get(reverse("learn:journal")).text
    assert "Prepare a new PDF with your latest edits" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.journal_pdf_request(user=learner)
    assert len(queued) == 1
    _render_queued(queued, django_capture_on_commit_callbacks)
    second = JournalPdf.objects.get(user=learner).pdf.name
    assert second != first
    assert not default_storage.exists(first)
    assert default_storage.listdir(f"journals/{learner.pk}")[1] == [second.rsplit("/", 1)[1]]
    assert "Second thoughts" in _pdf_text(second)


def test_journal_pdf_render_twice_renders_once(
    learner, lesson, queued, renders, django_capture_on_commit_callbacks
):
    ReflectionFactory(user=learner, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        row = services.journal_pdf_request(user=learner)
    services.journal_pdf_render(journal_pdf_id=row.pk)
    services.journal_pdf_render(journal_pdf_id=row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts, renders) == (JournalPdf.Status.READY, 1, [1])


def test_journal_pdf_failed_render_is_shown_and_may_be_asked_for_again(
    client, learner, lesson, queued, django_capture_on_commit_callbacks
):
    ReflectionFactory(user=learner, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        row = services.journal_pdf_request(user=learner)
    services.journal_pdf_note_error(journal_pdf_id=row.pk, error="ValueError: bad", failed=True)
    client.force_login(learner)
    page = client.get(reverse("learn:journal")).text
    assert "We could not prepare the PDF. Please ask for it again." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learn:journal_pdf"))
    assert queued == [row.pk, row.pk]
    assert JournalPdf.objects.get(pk=row.pk).status == JournalPdf.Status.PENDING


def test_journal_pdf_pending_past_the_requeue_time_is_queued_again(
    learner, lesson, queued, django_capture_on_commit_callbacks
):
    ReflectionFactory(user=learner, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        row = services.journal_pdf_request(user=learner)
    with django_capture_on_commit_callbacks(execute=True):
        services.journal_pdf_request(user=learner)
    assert queued == [row.pk]
    JournalPdf.objects.filter(pk=row.pk).update(
        requested_at=timezone.now() - services.JOURNAL_PDF_REQUEUE_AFTER - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.journal_pdf_request(user=learner)
    assert queued == [row.pk, row.pk]


@pytest.mark.django_db(transaction=True)
def test_journal_pdf_requested_in_parallel_queues_one_render(learner, lesson, queued):
    ReflectionFactory(user=learner, lesson=lesson)
    threads = 10
    barrier = threading.Barrier(threads)

    def request(_index):
        try:
            barrier.wait(timeout=30)
            return services.journal_pdf_request(user=learner).pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        pks = set(pool.map(request, range(threads)))
    assert JournalPdf.objects.filter(user=learner).count() == 1
    assert pks == {JournalPdf.objects.get(user=learner).pk}
    assert len(queued) == 1


# --- Limits ----------------------------------------------------------------------------------


def test_journal_pdf_eleventh_request_in_an_hour_is_refused_with_a_clear_message(
    client, learner, lesson, queued
):
    ReflectionFactory(user=learner, lesson=lesson)
    client.force_login(learner)
    url = reverse("learn:journal_pdf")
    for _ in range(10):
        assert client.post(url).status_code == 302
    refused = client.post(url)
    assert refused.status_code == 429
    text = " ".join(refused.content.decode().split())
    assert "You have asked for 10 documents in the last 1 hour." in text
    assert "You can ask again in about" in text
    assert f'href="{reverse("learn:journal")}"' in text
    other = Client()
    other.force_login(UserFactory(verified=True))
    assert other.post(url).status_code == 302


def test_journal_markdown_sixty_first_download_in_an_hour_is_refused(client, learner):
    client.force_login(learner)
    url = reverse("learn:journal_markdown")
    for _ in range(60):
        assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert "You have downloaded 60 exports in the last 1 hour." in " ".join(refused.text.split())
