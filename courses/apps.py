from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from roots import pagecache
        from roots.search import register

        from .search import SOURCES

        register(*SOURCES)
        content = (
            "courses.Course",
            "courses.Unit",
            "courses.Lesson",
            "courses.LessonReading",
            "courses.CheckQuestion",
        )
        pagecache.register_family("catalogue", *content, params=["page"])
        # The publications list filters by unit, named with its course.
        pagecache.register_family("resources", "courses.Course", "courses.Unit")
