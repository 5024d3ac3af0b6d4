"""The fresh-machine path: no DATABASE_URL and no REDIS_URL means embedded PostgreSQL and Redis."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SMOKE = """
import django, json
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
from django.conf import settings
response = Client().get("/healthz")
print(json.dumps({
    "status": response.status_code,
    "body": json.loads(response.content),
    "host": settings.DATABASES["default"]["HOST"],
    "broker": settings.CELERY_BROKER_URL,
}))
"""


@pytest.mark.slow
def test_embedded_postgres_and_redis_start_and_serve_healthz(tmp_path):
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(ROOTS_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="roots.settings")
    try:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", SMOKE],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        report = json.loads(result.stdout.strip().splitlines()[-1])
        assert report["status"] == 200
        assert report["body"] == {"db": "ok", "broker": "ok"}
        assert report["host"].startswith(str(data_dir))
        assert report["broker"].startswith(f"redis+socket://{data_dir}")
        assert (data_dir / "postgres" / "PG_VERSION").exists()
    finally:
        subprocess.run(
            [sys.executable, "-m", "roots.embedded", "stop"],
            cwd=ROOT,
            env=env,
            timeout=60,
            check=False,
        )
