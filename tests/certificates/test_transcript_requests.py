"""A PDF transcript is expensive to make: parallel requests make one, a learner keeps one file,
and a person asking too often is refused with a message that says so."""

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.certificates import services, tasks
from courses.certificates.models import Transcript
from tests.factories import UserFactory

from .factories import CertificateFactory

PARALLEL = 20


@pytest.fixture
def queued(monkeypatch):
    """The transcript ids sent to the broker (nothing is sent)."""
    sent = []
    lock = threading.Lock()

    def record(**kwargs):
        with lock:
            sent.append(kwargs["args"][0])

    monkeypatch.setattr(tasks.transcript_render_task, "apply_async", record)
    return sent


def _at_once(count, action):
    """Run action(i) in `count` threads released together, each on its own connection."""
    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait(timeout=30)
            return action(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.mark.django_db(transaction=True)
def test_transcript_request_twenty_in_parallel_make_one_pending_transcript_and_one_render(
    queued,
):
    learner = UserFactory(verified=True)
    results = _at_once(PARALLEL, lambda _i: services.transcript_request(user=learner))
    pending = Transcript.objects.filter(learner=learner, status=Transcript.Status.PENDING)
    assert pending.count() == 1
    assert Transcript.objects.filter(learner=learner).count() == 1
    # Every request was answered with that one transcript, and one render was queued.
    assert {transcript.pk for transcript in results} == {pending.get().pk}
    assert queued == [pending.get().pk]


@pytest.mark.django_db(transaction=True)
def test_transcript_pdf_posted_twenty_times_in_parallel_by_one_learner_queues_one(queued):
    learner = UserFactory(verified=True)

    def post(_index):
        client = Client()
        client.force_login(learner)
        return client.post(reverse("certificates:transcript_pdf")).status_code

    statuses = _at_once(PARALLEL, post)
    # At most ten go through (the rest are refused by the per-person limit), none is an error.
    assert set(statuses) <= {302, 429}
    assert 1 <= statuses.count(302) <= 10
    assert Transcript.objects.filter(learner=learner).count() == 1
    assert len(queued) == 1


@pytest.mark.django_db
def test_transcript_second_pending_row_is_refused_by_the_database():
    learner = UserFactory(verified=True)
    Transcript.objects.create(learner=learner)
    with pytest.raises(IntegrityError):
        Transcript.objects.create(learner=learner)


@pytest.mark.django_db
def test_transcript_request_after_the_first_is_ready_replaces_its_file_and_row(
    queued, django_capture_on_commit_callbacks
):
    learner = UserFactory(verified=True, full_name="Jordan Okafor")
    CertificateFactory(learner=learner, status="issued", pdf="c.pdf")
    names = []
    for _round in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            transcript = services.transcript_request(user=learner)
        with django_capture_on_commit_callbacks(execute=True):
            services.transcript_render(transcript_id=transcript.pk)
        transcript.refresh_from_db()
        names.append(transcript.pdf.name)
    assert len(set(names)) == 3
    # Only the newest transcript and its file are left; the older files are deleted.
    assert list(Transcript.objects.filter(learner=learner)) == [transcript]
    assert [default_storage.exists(name) for name in names] == [False, False, True]
    assert len(default_storage.listdir(f"transcripts/{learner.pk}")[1]) == 1
    with default_storage.open(names[-1], "rb") as handle:
        text = pypdf.PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "Jordan Okafor" in text


@pytest.mark.django_db
def test_transcript_render_failing_keeps_the_previous_file(
    queued, django_capture_on_commit_callbacks, monkeypatch
):
    learner = UserFactory(verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.transcript_request(user=learner)
    services.transcript_render(transcript_id=first.pk)
    first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.transcript_request(user=learner)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("courses.certificates.rendering.render_template_pdf", broken)
    with pytest.raises(OSError, match="disk full"):
        services.transcript_render(transcript_id=second.pk)
    assert default_storage.exists(first.pdf.name)
    assert Transcript.objects.filter(learner=learner).count() == 2


@pytest.mark.django_db
def test_transcript_request_left_pending_past_the_requeue_time_is_queued_again(
    queued, django_capture_on_commit_callbacks, settings
):
    learner = UserFactory(verified=True)
    with django_capture_on_commit_callbacks(execute=True):
        transcript = services.transcript_request(user=learner)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.transcript_request(user=learner) == transcript
    assert queued == [transcript.pk]  # a fresh pending one is not queued twice
    Transcript.objects.filter(pk=transcript.pk).update(
        requested_at=timezone.now()
        - timedelta(minutes=settings.CERTIFICATE_PENDING_REQUEUE_MINUTES + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.transcript_request(user=learner) == transcript
    assert queued == [transcript.pk, transcript.pk]


@pytest.mark.django_db
def test_transcript_pdf_eleventh_request_in_an_hour_is_refused_with_a_clear_message(
    client, practitioner, queued
):
    client.force_login(practitioner)
    url = reverse("certificates:transcript_pdf")
    for _ in range(10):
        assert client.post(url).status_code == 302
    Transcript.objects.filter(learner=practitioner).update(status=Transcript.Status.READY)
    refused = client.post(url)
    assert refused.status_code == 429
    text = " ".join(refused.content.decode().split())
    assert "You have asked for 10 documents in the last 1 hour." in text
    assert "You can ask again in about" in text
    assert int(refused["Retry-After"]) > 3000
    assert f'href="{reverse("certificates:transcript")}"' in text
    # The refused request made nothing: the learner still has one transcript, none pending.
    assert not Transcript.objects.filter(learner=practitioner, status="pending").exists()
    # Another learner is not held back by this one.
    other = Client()
    other.force_login(UserFactory(verified=True))
    assert other.post(url).status_code == 302


@pytest.mark.django_db
def test_transcript_migration_keeps_the_newest_pending_per_learner_and_fails_the_others():
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module(
        "courses.certificates.migrations.0003_transcript_one_pending_per_learner"
    )
    (constraint,) = Transcript._meta.constraints
    learner, other = UserFactory(verified=True), UserFactory(verified=True)
    with connection.schema_editor() as editor:  # rolled back with the test's transaction
        editor.remove_constraint(Transcript, constraint)
    now = timezone.now()
    older = [
        Transcript.objects.create(learner=learner, requested_at=now - timedelta(minutes=m))
        for m in (3, 2)
    ]
    newest = Transcript.objects.create(learner=learner, requested_at=now)
    alone = Transcript.objects.create(learner=other)
    migration.fail_extra_pending(apps, None)
    with connection.cursor() as cursor:  # the foreign keys' deferred checks, before the index
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        editor.add_constraint(Transcript, constraint)
    statuses = dict(Transcript.objects.values_list("pk", "status"))
    assert [statuses[t.pk] for t in older] == ["failed", "failed"]
    assert (statuses[newest.pk], statuses[alone.pk]) == ("pending", "pending")
