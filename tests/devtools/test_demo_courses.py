import pytest
from django.core.management import call_command

from courses import selectors
from courses.models import Course, Lesson, LessonReading, Reflection
from courses.selectors import UnitState
from devtools.demo import courses as demo
from devtools.demo import roots as roots_demo
from resources.models import Resource
from roots.models import User

pytestmark = pytest.mark.django_db


def _seed():
    roots_demo.seed(log=lambda line: None)
    demo.seed(log=lambda line: None)


def test_demo_course_has_five_units_of_three_to_five_lessons_with_checks():
    _seed()
    course = Course.objects.get(slug="roots-of-health-inequity")
    assert course.published
    units = list(course.units.order_by("number"))
    assert [unit.title for unit in units] == [
        "Where do we start?",
        "Perspectives on framing",
        "Public health history",
        "Root causes",
        "Social justice",
    ]
    for unit in units:
        lessons = list(unit.lessons.all())
        assert 3 <= len(lessons) <= 5
        assert all(lesson.reflection_prompt for lesson in lessons)
        assert all(len(lesson.body) > 1000 for lesson in lessons)
        assert unit.questions.count() >= 3
        for question in unit.questions.all():
            assert question.choices.filter(is_correct=True).exists()
            assert all(choice.feedback for choice in question.choices.all())


def test_demo_practitioner_has_partial_progress():
    _seed()
    course = Course.objects.get(slug="roots-of-health-inequity")
    practitioner = User.objects.get(email="practitioner@example.org")
    progress = selectors.course_progress(practitioner, course)
    assert progress.is_enrolled
    assert [unit.state for unit in progress.units] == [
        UnitState.COMPLETE,
        UnitState.IN_PROGRESS,
        UnitState.NOT_STARTED,
        UnitState.NOT_STARTED,
        UnitState.NOT_STARTED,
    ]
    assert Reflection.objects.filter(user=practitioner).count() >= 2
    # Plausible engaged time on what was read, so the grids show some and a claim would not.
    clocks = {
        lesson.pk: selectors.lesson_clock(
            lesson=lesson,
            row=selectors.lesson_time_for(user=practitioner, lesson=lesson),
            enrollment=progress.enrollment,
        )
        for lesson in Lesson.objects.filter(unit__course=course).select_related("unit")
    }
    done = progress.completed_lesson_ids
    assert all(clocks[pk].can_complete for pk in done)
    assert 0 < sum(clocks[pk].seconds for pk in done) < 4 * 3600
    being_read = [pk for pk, clock in clocks.items() if clock.seconds and pk not in done]
    assert len(being_read) == 1
    assert not clocks[being_read[0]].can_complete


def test_demo_seed_twice_changes_nothing():
    _seed()
    counts = (Lesson.objects.count(), LessonReading.objects.count(), Reflection.objects.count())
    _seed()
    assert (
        Lesson.objects.count(),
        LessonReading.objects.count(),
        Reflection.objects.count(),
    ) == counts
    practitioner = User.objects.get(email="practitioner@example.org")
    assert practitioner.check_attempts.count() == 1


def test_demo_links_library_resources_when_they_exist():
    for number in ("NA614", "NA615", "NA616"):
        Resource.objects.create(
            catalog_number=number,
            title=f"Publication {number}",
            summary="A publication.",
            year=2014,
            file=f"resources/{number}/{number}.pdf",
            published=True,
        )
    _seed()
    na614 = Resource.objects.get(catalog_number="NA614")
    assert na614.units.count() >= 3
    assert LessonReading.objects.filter(resource__catalog_number="NA616").exists()


def test_seed_demo_command_runs_with_courses():
    call_command("seed_demo", verbosity=0)
    assert Course.objects.filter(slug="roots-of-health-inequity").exists()
