"""Tests: the same real PostgreSQL and Redis as development (or DATABASE_URL / REDIS_URL), with
fast password hashing and e-mail kept in memory."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATA_DIR, INSTALLED_APPS, REDIS_URL, redis_url

DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Redis databases of their own (cache, then broker): REDIS_TEST_DB, else the database REDIS_URL
# names, else 9, so that tests never touch the embedded site's databases (0 and 1). With
# pytest-xdist each worker process takes the next pair.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_first_db = os.environ.get("REDIS_TEST_DB") or redis_url.database(REDIS_URL)
_test_db = int(9 if _first_db is None else _first_db) + 2 * int(_worker.removeprefix("gw") or 0)
CACHES["default"]["LOCATION"] = redis_url.on_database(REDIS_URL, _test_db)
CELERY_BROKER_URL = redis_url.for_kombu(redis_url.on_database(REDIS_URL, _test_db + 1))
CACHES["default"]["KEY_PREFIX"] = "roots-test"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Files the tests write (demo PDFs, certificates) stay out of the development media folder; a
# fixed path so that a Celery worker started by a test sees the same files.
MEDIA_ROOT = DATA_DIR / "test-media"
