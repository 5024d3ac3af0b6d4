"""A Redis cache that degrades instead of failing when Redis is unreachable.

The cache holds only what can be rebuilt (rate-limit counters, computed fragments), so while Redis
is down every read is a miss and every write is dropped, with a warning in the log. Learners keep
working; rate limits fail open for that time."""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _degrading(method, fallback):
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as exc:
            logger.warning("Cache unreachable (%s); carrying on without it.", exc)
            return fallback(*args, **kwargs)

    wrapper.__name__ = method.__name__
    return wrapper


class ResilientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        """One redis.Redis per connection pool, made once: Django makes a new one per call, and
        building its table of ~170 response callbacks cost a third of a millisecond a time, on
        each of the two or three cache reads of every page (redis.Redis is thread-safe)."""
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client

    # add() answers True as if stored: callers using it as a lock (rate limits) then proceed.
    add = _degrading(RedisCacheClient.add, lambda *a, **k: True)
    get = _degrading(RedisCacheClient.get, lambda key, default=None: default)
    set = _degrading(RedisCacheClient.set, lambda *a, **k: None)
    touch = _degrading(RedisCacheClient.touch, lambda *a, **k: False)
    delete = _degrading(RedisCacheClient.delete, lambda *a, **k: False)
    get_many = _degrading(RedisCacheClient.get_many, lambda *a, **k: {})
    has_key = _degrading(RedisCacheClient.has_key, lambda *a, **k: False)
    incr = _degrading(RedisCacheClient.incr, lambda key, delta=1: delta)
    set_many = _degrading(RedisCacheClient.set_many, lambda *a, **k: None)
    delete_many = _degrading(RedisCacheClient.delete_many, lambda *a, **k: None)
    clear = _degrading(RedisCacheClient.clear, lambda *a, **k: False)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
