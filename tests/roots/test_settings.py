"""Production settings: `check --deploy` clean, and no start without real secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x8#k2!q" * 10,
    "ALLOWED_HOSTS": "roots.example.org",
    "SITE_URL": "https://roots.example.org",
    "DJANGO_SETTINGS_MODULE": "roots.settings",
    # The W3C vc-di-eddsa test-vector key: public, for tests only.
    "CREDENTIAL_SIGNING_KEYS": "w3c-test-vector=z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq",
}


def _clean_environ():
    # The browser tests allow async-unsafe ORM use in their own process; a deployment never does.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _manage(*args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**_clean_environ(), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def production_env(test_database_url, settings):
    """PRODUCTION_ENV with the services production demands: the test database and Redis."""
    return {**PRODUCTION_ENV, "DATABASE_URL": test_database_url, "REDIS_URL": settings.REDIS_URL}


def test_check_deploy_is_clean_under_production_settings(production_env):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"SITE_URL": ""}, "SITE_URL"),
        ({"SITE_URL": "http://127.0.0.1:8000"}, "SITE_URL"),
        ({"SITE_URL": "roots.example.org"}, "SITE_URL"),
        ({"SITE_URL": "http://roots.example.org"}, "SITE_URL"),
        ({"CREDENTIAL_SIGNING_KEYS": ""}, "CREDENTIAL_SIGNING_KEYS"),
    ],
)
def test_production_refuses_to_start_without_secrets(production_env, override, complaint):
    result = _manage("check", env={**production_env, **override})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr
