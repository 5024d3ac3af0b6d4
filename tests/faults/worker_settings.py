"""Test settings for a fault test's Celery worker: the broker is the test's own Redis."""

import os

from roots.settings.test import *  # noqa: F403

CELERY_BROKER_URL = os.environ["FAULT_BROKER_URL"]
