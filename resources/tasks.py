import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .models import Resource
from .services import resource_cover_render

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    acks_late=True,
)
def resource_cover_render_task(resource_id: int) -> bool:
    """Draw the cover of a resource's PDF (queued by resource_save). A resource deleted since
    has nothing to draw; a run twice draws the same cover under the same name."""
    resource = Resource.objects.filter(pk=resource_id).first()
    if resource is None:
        return False
    return resource_cover_render(resource=resource)
