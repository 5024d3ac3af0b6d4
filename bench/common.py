"""What the benchmarks share: where things are, the database and Redis servers they use, the
environment Roots runs in under production settings, manage.py and gunicorn."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared/baseline from the main checkout; one level further up from a worktree in /work/wt/.
BASELINE_DIR = next(
    (
        path / "shared" / "baseline"
        for path in (ROOT.parent, ROOT.parent.parent)
        if (path / "shared" / "baseline" / "bare_site.py").is_file()
    ),
    ROOT.parent / "shared" / "baseline",
)
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
WORKERS = 2 * (os.cpu_count() or 1) + 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_url() -> str:
    """The PostgreSQL server of DATABASE_URL (without the database), or the embedded one."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    sys.path.insert(0, str(ROOT))
    from devtools import embedded

    host = embedded.postgres_settings()["HOST"]
    return f"postgres://postgres@{host.replace('/', '%2F')}"


def database_url(server: str, name: str) -> str:
    """The URL of database `name` on `server`. The ?host= form of a socket URL is the one both
    Roots and bare_site.py understand."""
    if "%2F" in server:
        host = server.split("@", 1)[1].replace("%2F", "/")
        return f"postgres:///{name}?host={host}&user=postgres"
    return f"{server}/{name}"


def production_env(database: str, **extra: str) -> dict:
    """Roots under production settings on database URL `database`, as the benchmarks run it."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "roots.settings",
        "DATABASE_URL": database,
        "REDIS_URL": redis_server_url(),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SITE_URL": "https://roots.example.org",
        # The W3C vc-di-eddsa test-vector key: public, for benchmarks only.
        "CREDENTIAL_SIGNING_KEYS": (
            "w3c-test-vector=z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
        ),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def redis_server_url() -> str:
    """REDIS_URL, or the embedded Redis when unset (production settings demand one)."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    sys.path.insert(0, str(ROOT))
    from devtools import embedded

    return embedded.redis_url()


def psql_admin(server: str, sql: str) -> None:
    import psycopg2

    dsn = server_dsn(server, "postgres")
    connection = psycopg2.connect(dsn)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def vacuum(server: str, database: str) -> None:
    """VACUUM ANALYZE and a CHECKPOINT after loading, so that neither autovacuum nor the
    checkpoint of the loaded data starts in the middle of a measurement."""
    import psycopg2

    connection = psycopg2.connect(server_dsn(server, database))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("CHECKPOINT")
    connection.close()


def server_dsn(server: str, database: str) -> str:
    if server.startswith("postgres://postgres@%2F"):
        host = server.split("@", 1)[1].replace("%2F", "/")
        return f"host={host} user=postgres dbname={database}"
    return f"{server}/{database}"


def with_devtools(env: dict) -> dict:
    """The same environment under production settings with devtools installed, for the commands
    that load data and list pages (seed_demo, generate_load_data, bench_pages)."""
    return {**env, "DJANGO_SETTINGS_MODULE": "devtools.bench_settings"}


def manage(env: dict, *args: str, quiet=True) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=quiet,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout or ""


def wait_for(port: int, path: str = "/", timeout: float = 30) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


@contextlib.contextmanager
def gunicorn(app: str, env: dict, cwd: Path):
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            app,
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    try:
        wait_for(port, "/hello" if "bare_site" in app else "/healthz")
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
