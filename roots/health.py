"""Reachability checks for /healthz: each returns None when fine, else a short reason."""

import redis
from django.conf import settings
from django.db import connection

from roots import redis_url


def database_problem() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down" to a load balancer
        connection.close_if_unusable_or_obsolete()
        return type(exc).__name__
    return None


def broker_problem() -> str | None:
    client = redis_url.client(
        settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
    )
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return type(exc).__name__
    finally:
        client.close()
    return None
