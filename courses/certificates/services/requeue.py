"""Putting certificates back in the render queue: a failed one at an admin's request, and the
ones left pending (broker down at claim time, message lost) by a periodic task."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from roots.tasks import enqueue, enqueue_on_commit

from ..models import Certificate
from .common import RENDER_TASK

logger = logging.getLogger(__name__)


@transaction.atomic
def certificate_retry(*, certificate: Certificate) -> Certificate:
    """Put a failed certificate back in the queue."""
    updated = Certificate.objects.filter(
        pk=certificate.pk, status=Certificate.Status.FAILED
    ).update(status=Certificate.Status.PENDING, queued_at=timezone.now(), updated_at=timezone.now())
    if updated:
        enqueue_on_commit(RENDER_TASK, certificate.pk)
    certificate.refresh_from_db()
    return certificate


def certificate_requeue_stale(*, older_than_minutes: int | None = None) -> int:
    """Queue again the certificates left pending (broker down at claim time, message lost)."""
    minutes = older_than_minutes or settings.CERTIFICATE_PENDING_REQUEUE_MINUTES
    cutoff = timezone.now() - timezone.timedelta(minutes=minutes)
    stale = list(
        Certificate.objects.filter(status=Certificate.Status.PENDING, queued_at__lt=cutoff)
        .order_by("queued_at")
        .values_list("pk", flat=True)[: settings.CERTIFICATE_REQUEUE_BATCH]
    )
    queued = 0
    for pk in stale:
        if not enqueue(RENDER_TASK, pk):
            break
        Certificate.objects.filter(pk=pk).update(queued_at=timezone.now())
        queued += 1
    if queued:
        logger.info("Re-queued %s pending certificate(s)", queued)  # pragma: no mutate (a log)
    return queued
