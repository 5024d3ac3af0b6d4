"""PostgreSQL restarted under load: 503 pages (not stack traces) while it is down, public lists
still served from the page cache, and the site recovers by itself once it is back."""

import threading
import time
from collections import Counter

import pytest

from .conftest import get, manage, wait_until

pytestmark = pytest.mark.slow


def test_postgres_restart_under_load_answers_503_then_recovers(
    embedded_postgres, embedded_env, gunicorn_server
):
    manage(embedded_env, "migrate", "--noinput")
    manage({**embedded_env, "DEBUG": "1"}, "seed_demo")  # a development command (devtools)
    base = gunicorn_server()
    page = base + "/groups/"  # reads the database on every request
    cached = base + "/courses/"  # a public list the page cache holds for anonymous visitors
    assert get(page)[0] == 200
    assert get(cached)[0] == 200

    statuses = Counter()
    bodies = {}
    stop = threading.Event()

    def load():
        while not stop.is_set():
            status, body = get(page)
            statuses[status] += 1
            bodies.setdefault(status, body)

    workers = [threading.Thread(target=load) for _ in range(4)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(1)
        embedded_postgres.stop()
        down = wait_until(lambda: get(page)[0] == 503, 15)
        status, body = get(page)
        cached_status, cached_body = get(cached)
        time.sleep(1)
        embedded_postgres.start()
        recovered = wait_until(lambda: get(page)[0] == 200, 30)
        time.sleep(1)
    finally:
        stop.set()
        for worker in workers:
            worker.join()

    assert down, statuses
    assert status == 503
    assert b"trouble reaching our database" in body
    assert b"Traceback" not in body
    assert recovered, statuses
    # Under load, every answer was a page: 200 while up, 503 while down; never a 500.
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[200] > 0
    assert statuses[503] > 0
    assert b"Traceback" not in bodies[503]
    # The catalogue kept answering from the cache while the database was away.
    assert cached_status == 200
    assert b"Traceback" not in cached_body
