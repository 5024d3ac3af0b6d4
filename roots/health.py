"""Reachability checks for /healthz: each returns None when fine, else a short reason."""

from urllib.parse import urlparse

import redis
from django.conf import settings
from django.db import connection


def database_problem() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down" to a load balancer
        connection.close_if_unusable_or_obsolete()
        return type(exc).__name__
    return None


def broker_client(url: str) -> redis.Redis:
    parts = urlparse(url)
    if parts.scheme == "redis+socket":
        url = f"unix://{parts.path}" + (f"?{parts.query}" if parts.query else "")
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def broker_problem() -> str | None:
    client = broker_client(settings.CELERY_BROKER_URL)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return type(exc).__name__
    finally:
        client.close()
    return None
