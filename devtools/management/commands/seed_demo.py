import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app that has demo content provides `<app>/demo.py` with `seed(log)`; order matters, since
# later apps refer to earlier ones' rows (groups use courses, courses link resources).
DEMO_MODULES = [
    "roots.demo",
    "resources.demo",
    "courses.demo",
    "courses.certificates.demo",
    "groups.demo",
    "coalition.demo",
]


class Command(BaseCommand):
    help = "Create or refresh the demo content. Safe to run any number of times."

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            with transaction.atomic():
                module.seed(log=lambda line: self.stdout.write(f"  {line}"))
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
