"""Pages answer in a bounded number of queries: the same bound at a small size and at 5x."""

import pytest
from django.urls import reverse

from courses.models import CheckAttempt, Enrollment, LessonCompletion, Reflection
from tests.courses.factories import build_course, right_answers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIZES = [
    pytest.param({"units": 2, "lessons": 2, "questions": 2, "learners": 2}, id="small"),
    pytest.param({"units": 10, "lessons": 5, "questions": 5, "learners": 10}, id="large"),
]


@pytest.fixture(params=SIZES)
def world(request, practitioner):
    size = request.param
    course = build_course(units=size["units"], lessons=size["lessons"], questions=size["questions"])
    build_course(units=size["units"], lessons=1, questions=1)  # a second course in the catalogue
    users = [practitioner, *(UserFactory(verified=True) for _ in range(size["learners"]))]
    started_units = list(course.units.order_by("number")[:2])
    lessons = [lesson for unit in started_units for lesson in unit.lessons.all()]
    Enrollment.objects.bulk_create(Enrollment(user=user, course=course) for user in users)
    LessonCompletion.objects.bulk_create(
        LessonCompletion(user=user, lesson=lesson) for user in users for lesson in lessons
    )
    Reflection.objects.bulk_create(
        Reflection(user=user, lesson=lesson, text="Some thoughts")
        for user in users
        for lesson in lessons
    )
    for unit in started_units:
        answers = {str(k): v for k, v in right_answers(unit).items()}
        CheckAttempt.objects.bulk_create(
            CheckAttempt(user=user, unit=unit, score=100, passed=True, answers=answers)
            for user in users
        )
    unit = course.units.get(number=1)
    return {
        "user": practitioner,
        "course": course,
        "unit": unit,
        "lesson": unit.lessons.order_by("position").last(),
        "attempt": practitioner.check_attempts.filter(unit=unit).first(),
    }


def _urls(world):
    course, unit, lesson, attempt = (
        world["course"],
        world["unit"],
        world["lesson"],
        world["attempt"],
    )
    return {
        "catalogue": reverse("courses:catalogue"),
        "course": course.get_absolute_url(),
        "unit": unit.get_absolute_url(),
        "lesson": lesson.get_absolute_url(),
        "check": unit.get_check_url(),
        "attempt": reverse("courses:attempt", args=[course.slug, unit.number, attempt.pk]),
        "dashboard": reverse("learn:dashboard"),
        "journal": reverse("learn:journal"),
        "journal_markdown": reverse("learn:journal_markdown"),
    }


@pytest.mark.parametrize(
    "page",
    [
        "catalogue",
        "course",
        "unit",
        "lesson",
        "check",
        "attempt",
        "dashboard",
        "journal",
        "journal_markdown",
    ],
)
def test_page_queries_are_bounded_for_a_learner(client, world, page, django_assert_max_num_queries):
    client.force_login(world["user"])
    url = _urls(world)[page]
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["catalogue", "course", "unit"])
def test_page_queries_are_bounded_for_anonymous_visitors(
    client, world, page, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(_urls(world)[page])
    assert response.status_code == 200


def test_lesson_complete_htmx_queries_are_bounded(client, world, django_assert_max_num_queries):
    client.force_login(world["user"])
    lesson = world["course"].units.last().lessons.first()
    url = reverse(
        "courses:lesson_complete", args=[world["course"].slug, lesson.unit.number, lesson.slug]
    )
    with django_assert_max_num_queries(20):
        response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
