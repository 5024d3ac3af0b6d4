"""Production settings with the development tools installed, for the benchmarks and profiling:
they load demo and generated data (`seed_demo`, `generate_load_data`) and list the measured pages
(`bench_pages`) under the settings production runs. Never a deployment's settings."""

from roots.settings.production import *  # noqa: F403
from roots.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]
