"""`roots.settings`: development settings, or production ones when DEBUG=0."""

from .base import *  # noqa: F403
from .base import DEBUG

if not DEBUG:
    from .production import *  # noqa: F403
