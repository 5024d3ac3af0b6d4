from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources library")

    def ready(self):
        from roots import pagecache
        from roots.search import register

        from .search import SOURCES

        register(*SOURCES)
        pagecache.register_family(
            "resources", "resources.Resource", params=["q", "kind", "unit", "page"]
        )
        pagecache.register_family("catalogue", "resources.Resource")  # units list their resources
