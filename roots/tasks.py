"""Queueing background work safely: after the transaction commits, and never failing the
request when the broker is down (the row stays in a state that a periodic task picks up)."""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError

logger = logging.getLogger(__name__)
BROKER_DOWN = (BrokerError, RedisConnectionError, ConnectionError, OSError)


def enqueue(task, *args, **kwargs) -> bool:
    """Send `task` now; return False (and log) instead of raising when the broker is down."""
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_DOWN as exc:
        logger.warning(
            "Broker unreachable, %s(%s) left for the periodic re-queue: %s", task.name, args, exc
        )
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue `task` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(partial(enqueue, task, *args, **kwargs))
