"""One translation of Redis URLs for every client the project builds from its settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from roots import redis_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("redis://cache.internal:6380/3", {"host": "cache.internal", "port": 6380, "db": 3}),
        ("rediss://:secret@cache.internal:6380/2", {"host": "cache.internal", "db": 2}),
        ("unix:///run/redis.sock?db=4", {"path": "/run/redis.sock", "db": 4}),
        ("redis+socket:///run/redis.sock?db=5", {"path": "/run/redis.sock", "db": 5}),
        ("redis+socket:///run/redis.sock", {"path": "/run/redis.sock"}),
    ],
)
def test_client_reads_every_spelling_the_settings_can_hold(url, expected):
    client = redis_url.client(url)
    kwargs = client.connection_pool.connection_kwargs
    assert {key: kwargs.get(key) for key in expected} == expected


def test_rediss_client_uses_tls_and_password():
    client = redis_url.client("rediss://:secret@cache.internal:6380/2")
    assert client.connection_pool.connection_kwargs["password"] == "secret"
    assert client.connection_pool.connection_class.__name__ == "SSLConnection"


@pytest.mark.parametrize(
    ("url", "number", "expected"),
    [
        ("redis://h:6379/0", 7, "redis://h:6379/7"),
        ("redis://h:6379", 7, "redis://h:6379/7"),
        ("unix:///run/r.sock", 7, "unix:///run/r.sock?db=7"),
        ("unix:///run/r.sock?db=1&timeout=2", 7, "unix:///run/r.sock?db=7&timeout=2"),
        ("redis+socket:///run/r.sock?db=1", 7, "redis+socket:///run/r.sock?db=7"),
    ],
)
def test_on_database_keeps_the_server_and_changes_only_the_database(url, number, expected):
    assert redis_url.on_database(url, number) == expected
    assert redis_url.database(expected) == number


def test_database_is_none_when_the_url_names_none():
    assert redis_url.database("redis://h:6379") is None
    assert redis_url.database("unix:///run/r.sock") is None


def test_kombu_and_redis_py_spellings_round_trip():
    assert redis_url.for_kombu("unix:///run/r.sock?db=2") == "redis+socket:///run/r.sock?db=2"
    assert redis_url.for_redis_py("redis+socket:///run/r.sock?db=2") == "unix:///run/r.sock?db=2"
    assert redis_url.for_kombu("redis://h:6379/2") == "redis://h:6379/2"


def test_client_reaches_this_runs_broker_whatever_its_spelling():
    client = redis_url.client(settings.CELERY_BROKER_URL)
    try:
        assert client.ping() is True
        assert client.connection_pool.connection_kwargs["db"] == redis_url.database(
            settings.CELERY_BROKER_URL
        )
    finally:
        client.close()


READ_REDIS_SETTINGS = """
import json, importlib, sys
module = importlib.import_module(sys.argv[1])
cache = module.CACHES["default"]["LOCATION"]
print(json.dumps({"cache": cache, "broker": module.CELERY_BROKER_URL}))
"""


def redis_settings(module: str, **env: str) -> dict:
    names = (
        "REDIS_URL",
        "REDIS_TEST_DB",
        "REDIS_BROKER_DB",
        "REDIS_CACHE_DB",
        "PYTEST_XDIST_WORKER",
    )
    clean = {k: v for k, v in os.environ.items() if k not in names}
    # Reading settings connects to nothing when both URLs are given.
    clean["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/unused"
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", READ_REDIS_SETTINGS, module],
        cwd=Path(__file__).resolve().parents[2],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "cache", "broker"),
    [
        ({"REDIS_URL": "redis://127.0.0.1:6379/4"}, "redis://127.0.0.1:6379/4", "/5"),
        ({"REDIS_URL": "redis://127.0.0.1:6379"}, "redis://127.0.0.1:6379/9", "/10"),
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/4", "PYTEST_XDIST_WORKER": "gw1"},
            "redis://127.0.0.1:6379/6",
            "/7",
        ),
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/4", "REDIS_TEST_DB": "12"},
            "redis://127.0.0.1:6379/12",
            "/13",
        ),
    ],
)
def test_test_settings_take_their_databases_from_redis_url(env, cache, broker):
    found = redis_settings("roots.settings.test", **env)
    assert found["cache"] == cache
    assert found["broker"] == f"redis://127.0.0.1:6379{broker}"


def test_site_settings_put_the_broker_on_the_database_redis_url_names():
    found = redis_settings("roots.settings.base", REDIS_URL="redis://127.0.0.1:6379/3")
    assert found == {"broker": "redis://127.0.0.1:6379/3", "cache": "redis://127.0.0.1:6379/4"}
    default = redis_settings("roots.settings.base", REDIS_URL="redis://127.0.0.1:6379")
    assert default == {"broker": "redis://127.0.0.1:6379/0", "cache": "redis://127.0.0.1:6379/1"}
