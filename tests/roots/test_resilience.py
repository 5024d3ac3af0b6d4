"""The site degrades politely when a backing service is down."""

import time

import pytest
from celery import Celery
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from roots.tasks import enqueue
from tests.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_database_down_answers_503_page_not_a_stack_trace(practitioner):
    client = Client(raise_request_exception=False)
    client.force_login(practitioner)
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        response = client.get(reverse("home"))
    finally:
        connection.close()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"trouble reaching our database" in response.content
    assert b"Traceback" not in response.content
    # ...and the site recovers on its own once the database is back.
    assert client.get(reverse("home")).status_code == 200


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "roots.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("cache_down")
def test_cache_down_reads_miss_and_writes_are_dropped():
    cache.set("answer", 42)
    assert cache.get("answer", "missing") == "missing"
    assert cache.add("lock", 1) is True  # fail open: lock-takers go ahead
    assert cache.get("lock") is None


@pytest.mark.django_db
@pytest.mark.usefixtures("cache_down")
def test_sign_in_still_works_while_redis_is_down(client, practitioner):
    response = client.post(
        reverse("account_login"), {"login": practitioner.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(practitioner.pk)


def test_enqueue_with_broker_down_returns_false_quickly_instead_of_raising():
    # Not the current app: shared tasks elsewhere in the run must keep the real broker.
    app = Celery("down", broker="redis://127.0.0.1:1/0", set_as_current=False)
    app.conf.broker_connection_timeout = 0.5
    app.conf.task_publish_retry_policy = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.1,
    }

    @app.task(name="down.noop")
    def noop():  # pragma: no cover - never runs
        return None

    started = time.monotonic()
    assert enqueue(noop) is False
    assert time.monotonic() - started < 5


def test_enqueue_inline_if_down_runs_the_task_here_when_the_broker_is_down():
    app = Celery("down-inline", broker="redis://127.0.0.1:1/0", set_as_current=False)
    app.conf.broker_connection_timeout = 0.5
    app.conf.task_publish_retry_policy = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.1,
    }
    ran = []

    @app.task(name="down.record")
    def record(value):
        ran.append(value)

    assert enqueue(record, "invitation 7", inline_if_down=True) is False
    assert ran == ["invitation 7"]
