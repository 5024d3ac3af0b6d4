"""Background work of learning groups: each task takes primary keys, loads the rows and calls a
service that is safe to run twice. Only transient failures (the mail server) are retried."""

import logging
from smtplib import SMTPException

from celery import shared_task

from .models import Invitation, Post
from .services import invitation_send, post_reply_notify, session_reminders_send

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 6,
    "acks_late": True,
}


@shared_task(name="groups.tasks.invitation_send_task", **RETRY)
def invitation_send_task(invitation_pk: int) -> bool:
    invitation = Invitation.objects.filter(pk=invitation_pk).first()
    if invitation is None:
        logger.info("invitation %s is gone; nothing to send", invitation_pk)
        return False
    return invitation_send(invitation=invitation)


@shared_task(name="groups.tasks.post_reply_notify_task", **RETRY)
def post_reply_notify_task(post_pk: int) -> int:
    post = Post.objects.filter(pk=post_pk).first()
    if post is None:
        logger.info("post %s is gone; nobody to notify", post_pk)
        return 0
    return post_reply_notify(post=post)


@shared_task(name="groups.tasks.session_reminders_send_task", **RETRY)
def session_reminders_send_task() -> int:
    """Run by Celery beat every 15 minutes (see the data migration that registers it)."""
    return session_reminders_send()
