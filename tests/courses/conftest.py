import pytest

from courses import services
from courses.models import Lesson
from tests.courses.factories import build_course, spend_time


@pytest.fixture
def course(db):
    return build_course(units=2, lessons=2, questions=2, title="Roots of Health Inequity")


@pytest.fixture
def unit(course):
    return course.units.get(number=1)


@pytest.fixture
def lesson(unit):
    return unit.lessons.get(position=1)


@pytest.fixture
def newcomer(practitioner, course):
    """Enrolled, and no time spent on any lesson yet."""
    services.enrollment_create(user=practitioner, course=course)
    return practitioner


@pytest.fixture
def learner(newcomer, course):
    """Enrolled, with each lesson's expected time spent on it: every lesson may be marked
    complete (the time rule has tests of its own, with `newcomer`)."""
    spend_time(newcomer, Lesson.objects.filter(unit__course=course))
    return newcomer
