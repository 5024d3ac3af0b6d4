from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Insights: search, analytics and roll-ups")

    def ready(self):
        from roots import pagecache
        from roots.search import sources

        # Search shows every registered source (the feature apps, before it in INSTALLED_APPS,
        # registered theirs already) and the rows each hit shows with it; a report's sections
        # are searched with their report.
        models = {"coalition.ReportSection"}
        for source in sources():
            models.add(source.model._meta.label)
            for path in source.related:
                model = source.model
                for name in path.split("__"):
                    model = model._meta.get_field(name).related_model
                    models.add(model._meta.label)
        pagecache.register_family("search", *sorted(models), params=["q", "type", "page"])
