import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app's demo content is `devtools/demo/<app>.py` with `seed(log)`; order matters, since later
# apps refer to earlier ones' rows (groups use courses, courses link resources).
DEMO_MODULES = [
    "devtools.demo.roots",
    "devtools.demo.resources",
    "devtools.demo.courses",
    "devtools.demo.certificates",
    "devtools.demo.groups",
    "devtools.demo.coalition",
]


class Command(BaseCommand):
    help = "Create or refresh the demo content. Safe to run any number of times."

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            module = importlib.import_module(module_name)
            with transaction.atomic():
                module.seed(log=lambda line: self.stdout.write(f"  {line}"))
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
