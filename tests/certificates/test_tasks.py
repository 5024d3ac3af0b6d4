import pytest

from courses.certificates import rendering, services, tasks
from courses.certificates.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(ready_learner, course, monkeypatch):
    monkeypatch.setattr(tasks.certificate_render_task, "apply_async", lambda **kw: None)
    return services.certificate_claim(user=ready_learner, course=course, credit_type="ches")


def test_render_task_transient_failures_retried_then_issued(pending, monkeypatch):
    real = services.certificate_pdf_bytes
    failures = iter([OSError("storage unreachable"), OSError("storage unreachable")])

    def flaky(*args):
        error = next(failures, None)
        if error:
            raise error
        return real(*args)

    monkeypatch.setattr(services.render, "certificate_pdf_bytes", flaky)
    tasks.certificate_render_task.apply(args=[pending.pk])
    pending.refresh_from_db()
    assert pending.status == Certificate.Status.ISSUED
    assert pending.attempts == 3
    assert pending.last_error == ""


def test_render_task_retry_policy_backs_off_with_jitter():
    task = tasks.certificate_render_task
    assert OSError in task.autoretry_for
    assert task.retry_backoff
    assert task.retry_jitter
    assert task.max_retries == 5


def test_render_task_keeps_failing_marks_failed(pending, monkeypatch):
    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(services.render, "certificate_pdf_bytes", broken)
    result = tasks.certificate_render_task.apply(args=[pending.pk])
    assert isinstance(result.result, OSError)
    pending.refresh_from_db()
    assert pending.status == Certificate.Status.FAILED
    assert pending.attempts == tasks.certificate_render_task.max_retries + 1
    assert "disk full" in pending.last_error


def test_render_task_data_error_fails_at_once(pending, monkeypatch):
    def bad_template(*args):
        raise ValueError("unknown variable")

    monkeypatch.setattr(services.render, "certificate_pdf_bytes", bad_template)
    tasks.certificate_render_task.apply(args=[pending.pk])
    pending.refresh_from_db()
    assert pending.status == Certificate.Status.FAILED
    assert pending.attempts == 1
    assert "unknown variable" in pending.last_error


def test_render_task_run_twice_issues_once(pending):
    tasks.certificate_render_task.apply(args=[pending.pk])
    tasks.certificate_render_task.apply(args=[pending.pk])
    pending.refresh_from_db()
    assert pending.status == Certificate.Status.ISSUED
    assert pending.revisions.count() == 1
    assert pending.attempts == 1


def test_beat_migration_registers_requeue_every_minute_and_daily_reminders_once():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    migration = importlib.import_module("courses.certificates.migrations.0002_periodic_tasks")
    # Transactional tests elsewhere flush the rows migrations made; run it again, twice.
    migration.register(apps, None)
    migration.register(apps, None)
    task = PeriodicTask.objects.get(
        task="courses.certificates.tasks.certificate_requeue_stale_task"
    )
    assert (task.interval.every, task.interval.period) == (1, "minutes")
    reminders = PeriodicTask.objects.get(
        task="courses.certificates.tasks.certificate_expiry_reminder_task"
    )
    assert (reminders.crontab.hour, reminders.crontab.minute) == ("7", "15")


def test_periodic_schedules_name_registered_tasks():
    from roots.celery import app

    for name in (
        "courses.certificates.tasks.certificate_requeue_stale_task",
        "courses.certificates.tasks.certificate_expiry_reminder_task",
    ):
        assert app.tasks[name].name == name


def test_transcript_task_run_twice_renders_once(ready_learner, monkeypatch):
    from courses.certificates.models import Transcript

    monkeypatch.setattr(tasks.transcript_render_task, "apply_async", lambda **kw: None)
    transcript = services.transcript_request(user=ready_learner)
    calls = []
    real = rendering.render_template_pdf
    monkeypatch.setattr(rendering, "render_template_pdf", lambda *a: calls.append(1) or real(*a))
    tasks.transcript_render_task.apply(args=[transcript.pk])
    tasks.transcript_render_task.apply(args=[transcript.pk])
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.READY
    assert len(calls) == 1


def test_email_task_run_twice_sends_once(pending, mailoutbox):
    tasks.certificate_render_task.apply(args=[pending.pk])
    tasks.certificate_email_task.apply(args=[pending.pk])
    tasks.certificate_email_task.apply(args=[pending.pk])
    assert len(mailoutbox) == 1


@pytest.fixture
def transcript(ready_learner, monkeypatch):
    from courses.certificates.models import Transcript

    monkeypatch.setattr(tasks.transcript_render_task, "apply_async", lambda **kw: None)
    return Transcript.objects.create(learner=ready_learner)


def test_transcript_task_transient_failure_noted_retried_then_ready_with_error_cleared(
    transcript, monkeypatch
):
    from courses.certificates.models import Transcript

    real = rendering.render_template_pdf
    errors_seen = []

    def flaky(*args):
        errors_seen.append(Transcript.objects.get(pk=transcript.pk).last_error)
        if len(errors_seen) == 1:
            raise OSError("storage unreachable")
        return real(*args)

    monkeypatch.setattr(rendering, "render_template_pdf", flaky)
    tasks.transcript_render_task.apply(args=[transcript.pk])
    # The retry found the first attempt's error recorded, and its success cleared it.
    assert errors_seen == ["", "OSError: storage unreachable"]
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.READY
    assert transcript.attempts == 2
    assert transcript.last_error == ""


def test_transcript_task_keeps_failing_marks_failed_with_the_error(transcript, monkeypatch):
    from courses.certificates.models import Transcript

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(rendering, "render_template_pdf", broken)
    result = tasks.transcript_render_task.apply(args=[transcript.pk])
    assert isinstance(result.result, OSError)
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.FAILED
    assert transcript.attempts == tasks.transcript_render_task.max_retries + 1
    assert transcript.last_error == "OSError: disk full"


def test_transcript_task_data_error_fails_at_once_with_the_error(transcript, monkeypatch):
    from courses.certificates.models import Transcript

    def bad_template(*args):
        raise ValueError("unknown variable")

    monkeypatch.setattr(rendering, "render_template_pdf", bad_template)
    tasks.transcript_render_task.apply(args=[transcript.pk])
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.FAILED
    assert transcript.attempts == 1
    assert transcript.last_error == "ValueError: unknown variable"
