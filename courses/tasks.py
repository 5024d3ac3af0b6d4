"""Celery tasks of courses: each takes a primary key and calls a service (services queue them
by name, so the name is explicit and must not change when the function moves).

A render is retried only for what may pass (storage or network I/O, a database that went away),
with backoff and jitter; anything else marks the row failed at once, and the learner may ask
again. Acknowledged after it runs, so a worker killed mid-render gives the message back."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)


@shared_task(
    name="courses.tasks.journal_pdf_render_task",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def journal_pdf_render_task(self, journal_pdf_id: int) -> None:
    try:
        services.journal_pdf_render(journal_pdf_id=journal_pdf_id)
    except TRANSIENT_ERRORS as exc:
        services.journal_pdf_note_error(
            journal_pdf_id=journal_pdf_id,
            error=f"{type(exc).__name__}: {exc}",
            failed=self.request.retries >= self.max_retries,
        )
        raise
    except Exception as exc:
        logger.exception("Journal PDF %s failed to render", journal_pdf_id)
        services.journal_pdf_note_error(
            journal_pdf_id=journal_pdf_id, error=f"{type(exc).__name__}: {exc}", failed=True
        )
