"""Queueing background work safely: after the transaction commits, and never failing the
request when the broker is down (the row stays in a state that a periodic task picks up).

A task is given either as the task itself or by its registered name, so that services can queue
their app's tasks without importing the module that defines them (which imports the services)."""

import logging
from functools import partial

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError

from .celery import app

logger = logging.getLogger(__name__)
BROKER_DOWN = (BrokerError, RedisConnectionError, ConnectionError, OSError)


def task_resolve(task: Task | str) -> Task:
    """The task itself, looked up in the Celery app's registry when given by name. An unknown
    name raises `celery.exceptions.NotRegistered` (a KeyError) at once, never a silent no-op."""
    if not isinstance(task, str):
        return task
    if task not in app.tasks:
        # Only a worker imports every app's tasks module at start; in a web process a module
        # is registered once something imports it, so look for them all on the first miss.
        app.autodiscover_tasks(force=True)
    return app.tasks[task]


def enqueue(task: Task | str, *args, inline_if_down: bool = False, **kwargs) -> bool:
    """Send `task` now; return False (and log) instead of raising when the broker is down.

    With `inline_if_down`, work that nothing re-queues later (an e-mail) runs here instead,
    in the request; its own failure is logged, never raised."""
    task = task_resolve(task)
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


def enqueue_on_commit(task: Task | str, *args, inline_if_down: bool = False, **kwargs) -> None:
    """Queue `task` once the current transaction commits (at once outside a transaction). A
    name is resolved now, so that a wrong one fails in the service that queues it."""
    transaction.on_commit(
        partial(enqueue, task_resolve(task), *args, inline_if_down=inline_if_down, **kwargs)
    )
