"""Two tabs or a double click send the same write at the same moment: real threads, each with its
own PostgreSQL connection and transaction, must still leave one row."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from courses import services
from courses.models import CheckAttempt, Enrollment, LessonCompletion, Reflection
from tests.courses.factories import right_answers, wrong_answers

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 4


def _at_once(action):
    """Run action(i) in THREADS threads released together; return results, re-raising errors."""
    barrier = threading.Barrier(THREADS)

    def run(index):
        try:
            barrier.wait(timeout=10)
            return action(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


def test_enrollment_create_concurrently_makes_one_enrollment(practitioner, course):
    results = _at_once(lambda _i: services.enrollment_create(user=practitioner, course=course))
    assert Enrollment.objects.filter(user=practitioner, course=course).count() == 1
    assert sum(created for _enrollment, created in results) == 1
    assert len({enrollment.pk for enrollment, _created in results}) == 1


def test_lesson_complete_concurrently_makes_one_completion(learner, lesson):
    results = _at_once(lambda _i: services.lesson_complete(user=learner, lesson=lesson))
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).count() == 1
    assert sum(created for _completion, created in results) == 1


def test_reflection_save_concurrently_makes_one_reflection(learner, lesson):
    _at_once(lambda i: services.reflection_save(user=learner, lesson=lesson, text=f"tab {i}"))
    reflections = Reflection.objects.filter(user=learner, lesson=lesson)
    assert reflections.count() == 1
    assert reflections.get().text in {f"tab {i}" for i in range(THREADS)}


def test_check_attempt_submit_concurrently_with_one_key_makes_one_attempt(learner, unit):
    key = uuid.uuid4()
    answers = right_answers(unit)
    results = _at_once(
        lambda _i: services.check_attempt_submit(
            user=learner, unit=unit, answers=answers, submission_key=key
        )
    )
    assert CheckAttempt.objects.filter(user=learner, unit=unit).count() == 1
    assert sum(created for _attempt, created in results) == 1


def test_check_attempt_submit_concurrently_past_the_limit_records_only_the_allowed(learner, unit):
    unit.course.check_attempts = 2
    unit.course.save()
    answers = wrong_answers(unit)

    def submit(_i):
        try:
            return services.check_attempt_submit(user=learner, unit=unit, answers=answers)[1]
        except ValidationError as error:
            return error.code

    results = _at_once(submit)
    assert CheckAttempt.objects.filter(user=learner, unit=unit).count() == 2
    assert sorted(map(str, results)) == ["True", "True", "no_attempts_left", "no_attempts_left"]
