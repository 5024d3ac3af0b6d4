"""Queueing background work safely: after the transaction commits, and never failing the
request when the broker is down (the row stays in a state that a periodic task picks up)."""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError

logger = logging.getLogger(__name__)
BROKER_DOWN = (BrokerError, RedisConnectionError, ConnectionError, OSError)


def enqueue(task, *args, inline_if_down: bool = False, **kwargs) -> bool:
    """Send `task` now; return False (and log) instead of raising when the broker is down.

    With `inline_if_down`, work that nothing re-queues later (an e-mail) runs here instead,
    in the request; its own failure is logged, never raised."""
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_DOWN as exc:
        if inline_if_down:
            logger.warning("Broker unreachable, running %s(%s) inline: %s", task.name, args, exc)
            result = task.apply(args=args, kwargs=kwargs)
            if result.failed():
                logger.error("%s(%s) failed inline: %s", task.name, args, result.result)
        else:
            logger.warning(
                "Broker unreachable, %s(%s) left for the periodic re-queue: %s",
                task.name,
                args,
                exc,
            )
        return False
    return True


def enqueue_on_commit(task, *args, inline_if_down: bool = False, **kwargs) -> None:
    """Queue `task` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(partial(enqueue, task, *args, inline_if_down=inline_if_down, **kwargs))
