"""Celery tasks: each takes a primary key, calls a service, and retries only what may pass.

Transient errors (storage or network I/O, a database that went away) are retried with
exponential backoff and jitter; anything else is a data error: the row is marked failed at once
for an admin to look at and re-run. Tasks are acknowledged after they run, so a worker killed
mid-render gives the message back and the render starts over (nothing was committed).

The names are explicit: services queue these tasks by name, and queued messages and the periodic
schedules (migration 0002) name them too, so moving or renaming a function must not change them."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import services

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)
RETRY_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": getattr(settings, "CERTIFICATE_RENDER_MAX_RETRIES", 5),
}


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


@shared_task(name="courses.certificates.tasks.certificate_render_task", **RETRY_OPTIONS)
def certificate_render_task(self, certificate_id: int) -> None:
    try:
        services.certificate_render(certificate_id=certificate_id)
    except TRANSIENT_ERRORS as exc:
        services.certificate_note_error(
            certificate_id=certificate_id,
            error=_describe(exc),
            failed=self.request.retries >= self.max_retries,
        )
        raise
    except Exception as exc:
        logger.exception("Certificate %s failed to render", certificate_id)
        services.certificate_note_error(
            certificate_id=certificate_id, error=_describe(exc), failed=True
        )


@shared_task(name="courses.certificates.tasks.certificate_email_task", **RETRY_OPTIONS)
def certificate_email_task(self, certificate_id: int) -> None:
    services.certificate_email(certificate_id=certificate_id)


@shared_task(name="courses.certificates.tasks.certificate_requeue_stale_task", acks_late=True)
def certificate_requeue_stale_task() -> int:
    return services.certificate_requeue_stale()


@shared_task(name="courses.certificates.tasks.certificate_expiry_reminder_task", acks_late=True)
def certificate_expiry_reminder_task() -> int:
    return services.certificate_expiry_reminders_send()


@shared_task(name="courses.certificates.tasks.transcript_render_task", **RETRY_OPTIONS)
def transcript_render_task(self, transcript_id: int) -> None:
    try:
        services.transcript_render(transcript_id=transcript_id)
    except TRANSIENT_ERRORS as exc:
        services.transcript_note_error(
            transcript_id=transcript_id,
            error=_describe(exc),
            failed=self.request.retries >= self.max_retries,
        )
        raise
    except Exception as exc:
        logger.exception("Transcript %s failed to render", transcript_id)
        services.transcript_note_error(
            transcript_id=transcript_id, error=_describe(exc), failed=True
        )
