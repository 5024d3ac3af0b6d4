from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RootsConfig(AppConfig):
    name = "roots"
    verbose_name = _("Roots: people and organizations")

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
