"""What the courses app offers to the site search: units and lessons of the courses a user may
see (published ones; drafts too for those who may preview them, as on the course pages).

Lessons of published courses are found by everyone: the course is public, and sign-in protects
progress, not the text's existence. The hit says so, and the lesson page asks for both."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from roots.fulltext import joined_text
from roots.search import SearchSource

from .models import Course, Lesson, Unit
from .permissions import can_preview


def _courses(user) -> QuerySet[Course]:
    return Course.objects.all() if can_preview(user) else Course.objects.published()


def visible_units(user) -> QuerySet[Unit]:
    return Unit.objects.filter(course__in=_courses(user))


def visible_lessons(user) -> QuerySet[Lesson]:
    return Lesson.objects.filter(unit__course__in=_courses(user))


SOURCES = [
    SearchSource(
        key="unit",
        label=_("Units"),
        singular=_("Unit"),
        model=Unit,
        visible=visible_units,
        snippet=lambda: joined_text("guiding_question", "overview"),
        related=("course",),
        template="courses/unit_search_hit.html",
    ),
    SearchSource(
        key="lesson",
        label=_("Lessons"),
        singular=_("Lesson"),
        model=Lesson,
        visible=visible_lessons,
        snippet=lambda: joined_text("body", "transcript"),
        related=("unit__course",),
        template="courses/lesson_search_hit.html",
    ),
]
