from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition")

    def ready(self):
        from roots import pagecache
        from roots.search import register

        from .search import SOURCES

        register(*SOURCES)
        pagecache.register_family(
            "reports", "coalition.Report", "coalition.ReportSection", params=["page"]
        )
        pagecache.register_family("home", "coalition.Event", params=[])  # upcoming events
