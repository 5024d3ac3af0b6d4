"""System checks of the deployment that settings alone cannot make (run by `check --deploy`)."""

import redis
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from . import redis_url

EVICTING_HINT = (
    "Give the Celery broker a Redis server with maxmemory-policy noeviction and set "
    "REDIS_CACHE_URL to a Redis server of its own for the cache (maxmemory with allkeys-lru); "
    "see docs/operations.md."
)


def _memory_policy(url: str) -> tuple[int, str]:
    client = redis_url.client(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        config = client.config_get("maxmemory*")
    finally:
        client.close()
    return int(config.get("maxmemory", 0)), config.get("maxmemory-policy", "noeviction")


@register(Tags.caches, deploy=True)
def broker_never_evicted(app_configs=None, **kwargs):
    """Queued tasks live in the broker's Redis: a server that evicts keys when full can drop
    them, and when the cache shares that server, filling the cache (pages, rate limits) is what
    fills it."""
    broker = settings.CELERY_BROKER_URL
    cache = settings.CACHES["default"]["LOCATION"]
    try:
        maxmemory, policy = _memory_policy(broker)
    except (redis.RedisError, OSError) as error:
        return [
            Warning(
                f"Could not read the broker's Redis memory policy ({error}).",
                hint="Check by hand that it is noeviction. " + EVICTING_HINT,
                id="roots.W001",
            )
        ]
    if not maxmemory or policy == "noeviction":
        return []
    shared = redis_url.server(broker) == redis_url.server(cache)
    reason = (
        "The cache shares the broker's Redis server, which evicts keys when full"
        if shared
        else "The broker's Redis server evicts keys when full"
    )
    return [
        Error(
            f"{reason} (maxmemory {maxmemory}, maxmemory-policy {policy}): queued tasks can be "
            "dropped.",
            hint=EVICTING_HINT,
            id="roots.E001",
        )
    ]
