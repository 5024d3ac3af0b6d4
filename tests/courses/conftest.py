import pytest

from courses import services
from tests.courses.factories import build_course


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
def learner(practitioner, course):
    services.enrollment_create(user=practitioner, course=course)
    return practitioner
