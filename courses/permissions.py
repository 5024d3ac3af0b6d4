"""Who may see which course pages. Used through `roots.permissions.permission_required`.

- Course and unit overviews: everyone, for published courses; staff also see drafts.
- Lessons and knowledge checks: signed-in users (anonymous visitors are sent to sign in and come
  back); the views then send a signed-in user who is not enrolled to the course page to enrol.
  Staff may open every lesson without enrolling, to preview it.
- Reflections and attempts: only their author (other people's answer 404).

The loaders fetch a page's object from its URL for the check, and answer 404 when there is none.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from roots.permissions import is_staff

from . import selectors
from .models import CheckAttempt, Course, Lesson, Unit


def load_course(request, slug) -> Course:
    return get_object_or_404(Course, slug=slug)


def load_unit(request, slug, number) -> Unit:
    unit = selectors.unit_for_page(course_slug=slug, number=number)
    if unit is None:
        raise Http404
    return unit


def load_lesson(request, slug, number, lesson_slug) -> Lesson:
    lesson = selectors.lesson_for_page(course_slug=slug, number=number, lesson_slug=lesson_slug)
    if lesson is None:
        raise Http404
    return lesson


def load_attempt(request, slug, number, attempt_id) -> CheckAttempt:
    return get_object_or_404(
        CheckAttempt.objects.select_related("unit__course"),
        pk=attempt_id,
        unit__course__slug=slug,
        unit__number=number,
    )


def can_view_course(user, course: Course) -> bool:
    return course.published or is_staff(user)


def can_view_unit(user, unit: Unit) -> bool:
    return can_view_course(user, unit.course)


def can_open_lessons(user, course: Course) -> bool:
    return user.is_authenticated and can_view_course(user, course)


def can_view_lesson(user, lesson: Lesson) -> bool:
    return can_open_lessons(user, lesson.unit.course)


def can_take_check(user, unit: Unit) -> bool:
    return can_open_lessons(user, unit.course)


def can_view_attempt(user, attempt: CheckAttempt) -> bool:
    return user.is_authenticated and attempt.user_id == user.pk


def can_preview(user) -> bool:
    """Staff see pages as a learner would, without enrolling and without recording anything."""
    return is_staff(user)
