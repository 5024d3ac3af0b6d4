"""Storage failing while a certificate's PDF is saved (a full disk, an S3 outage): the
certificate stays pending with the error noted, the task retries, and once storage works the
certificate is issued; nothing half-done is left behind."""

import errno
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core.files.storage import default_storage

from courses.certificates import services
from courses.certificates.models import Certificate, CertificateRevision
from courses.certificates.tasks import certificate_render_task
from tests.certificates import factories
from tests.certificates.conftest import make_ready
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DISK_FULL = OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://roots.example.org"


@pytest.fixture
def pending(django_capture_on_commit_callbacks):
    rules = factories.CreditRulesFactory()
    unit = factories.UnitFactory(course=rules.course, number=1)
    factories.LessonFactory(unit=unit, position=1)
    factories.CreditOfferingFactory(rules=rules, credit_type="ches")
    factories.PostTestQuestionFactory(rules=rules)
    factories.EvaluationItemFactory(rules=rules)
    learner = make_ready(
        UserFactory(verified=True, full_name="Dana Reyes", credential_number="CH-1"), rules
    )
    with django_capture_on_commit_callbacks(execute=False):
        return services.certificate_claim(user=learner, course=rules.course, credit_type="ches")


def _failing_storage(failure):
    return mock.patch.object(type(default_storage._wrapped), "_save", side_effect=failure)


def _worker_schedules_retries():
    """What a worker does on task.retry: schedule the task again later (eager mode would run
    every retry at once, inline) and record the attempt as RETRY."""
    return mock.patch.object(certificate_render_task, "retry", side_effect=Retry("retry scheduled"))


@pytest.mark.parametrize("failure", [DISK_FULL, OSError(errno.EIO, "Input/output error")])
def test_failing_storage_leaves_the_certificate_pending_and_the_task_retries(pending, failure):
    with _failing_storage(failure), _worker_schedules_retries() as retry:
        result = certificate_render_task.apply(args=[pending.pk])

    assert result.state == "RETRY", result.traceback
    assert retry.call_args.kwargs["exc"] is failure
    assert retry.call_args.kwargs["countdown"] >= 0  # backed off, with jitter
    pending.refresh_from_db()
    assert pending.status == Certificate.Status.PENDING
    assert failure.strerror in pending.last_error
    assert pending.attempts == 1
    assert not CertificateRevision.objects.filter(certificate=pending).exists()
    assert not default_storage.exists(f"certificates/{pending.pk}")

    certificate_render_task.apply(args=[pending.pk])  # the retry, with room on the disk again
    pending.refresh_from_db()
    assert pending.status == Certificate.Status.ISSUED
    assert pending.last_error == ""
    assert default_storage.exists(pending.pdf.name)
    assert CertificateRevision.objects.filter(certificate=pending).count() == 1


def test_storage_failing_past_the_last_retry_marks_the_certificate_failed_for_an_admin(pending):
    last = certificate_render_task.max_retries
    with _failing_storage(DISK_FULL), _worker_schedules_retries():
        certificate_render_task.apply(args=[pending.pk], retries=last)
    pending.refresh_from_db()
    assert pending.status == Certificate.Status.FAILED
    assert "No space left on device" in pending.last_error
