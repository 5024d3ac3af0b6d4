"""Production settings for the fault tests' servers, with plain static files storage so that
they start without a collectstatic run."""

from roots.settings import *  # noqa: F403
from roots.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
