"""Redis URLs as the settings hold them, and redis-py clients for any of them.

The settings keep two spellings of one server: redis-py's (`redis://`, `rediss://`, `unix://`)
for the cache, and kombu's for the Celery broker, which spells a Unix socket `redis+socket://`.
Everything that turns one spelling into the other, or a URL into a client, lives here.

Settings import this module, so it must not import Django.
"""

from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse

import redis

SOCKET_SCHEMES = {"unix", "redis+socket"}


def on_database(url: str, db: int) -> str:
    """The same Redis server as `url`, on logical database `db`."""
    parts = urlparse(url)
    if parts.scheme in SOCKET_SCHEMES:
        query = dict(parse_qsl(parts.query))
        query["db"] = str(db)
        return f"{parts.scheme}://{parts.path}?{urlencode(query)}"
    return urlunparse(parts._replace(path=f"/{db}"))


def database(url: str) -> int | None:
    """The logical database `url` names, or None when it names none."""
    parts = urlparse(url)
    if parts.scheme in SOCKET_SCHEMES:
        value = dict(parse_qsl(parts.query)).get("db", "")
    else:
        value = parts.path.strip("/")
    return int(value) if value.isdigit() else None


def for_kombu(url: str) -> str:
    """The URL as kombu (Celery's broker) reads it."""
    return _with_scheme(url, "unix", "redis+socket")


def for_redis_py(url: str) -> str:
    """The URL as redis-py reads it."""
    return _with_scheme(url, "redis+socket", "unix")


def client(url: str, **options) -> redis.Redis:
    """A redis-py client for any URL the settings can hold (cache or broker spelling)."""
    return redis.Redis.from_url(for_redis_py(url), **options)


def _with_scheme(url: str, old: str, new: str) -> str:
    parts = urlparse(url)
    if parts.scheme != old:
        return url
    # urlunparse would write `redis+socket:///path`; both libraries want `scheme://path`.
    return f"{new}://{parts.path}" + (f"?{parts.query}" if parts.query else "")


def server(url: str) -> tuple:
    """Which Redis server `url` names, whatever its spelling or database: the socket's path, or
    the host and port."""
    parts = urlparse(url)
    if parts.scheme in SOCKET_SCHEMES:
        return ("socket", parts.path)
    return ("tcp", (parts.hostname or "localhost").lower(), parts.port or 6379)
