"""`roots.settings`: development settings, or production ones when DEBUG=0.

Development adds devtools (demo content, load generator, embedded servers); production never
imports it."""

from .environment import env_bool

if env_bool("DEBUG", True):
    from .base import *  # noqa: F403
    from .base import INSTALLED_APPS

    INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
else:
    from .production import *  # noqa: F403
