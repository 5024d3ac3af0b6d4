import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services import report_publish_scheduled

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    acks_late=True,
)
def report_publish_scheduled_task() -> list[int]:
    """Run every minute by Celery beat (see the coalition migration that registers it).
    Publishing twice is impossible: each due report is locked and checked again."""
    published = report_publish_scheduled()
    if published:
        logger.info("Published scheduled reports %s", published)
    return published
