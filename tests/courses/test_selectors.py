import pytest

from courses import selectors, services
from courses.models import Lesson
from courses.selectors import UnitState
from tests.courses.factories import build_course, right_answers, spend_time, wrong_answers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_course_progress_new_learner_starts_at_the_first_lesson(learner, course):
    progress = selectors.course_progress(learner, course)
    assert progress.is_enrolled
    assert [unit.state for unit in progress.units] == [UnitState.NOT_STARTED] * 2
    assert progress.percent == 0
    assert progress.next_step.lesson == course.units.get(number=1).lessons.get(position=1)
    # Two lessons and a check per unit.
    assert len(progress.steps) == 6


def test_course_progress_unit_in_progress_after_one_lesson(learner, course, unit):
    services.lesson_complete(user=learner, lesson=unit.lessons.get(position=1))
    progress = selectors.course_progress(learner, course)
    assert progress.units[0].state == UnitState.IN_PROGRESS
    assert progress.next_step.lesson == unit.lessons.get(position=2)
    assert progress.percent == 16


def test_course_progress_lessons_done_but_check_not_passed_is_in_progress(learner, course, unit):
    for lesson in unit.lessons.all():
        services.lesson_complete(user=learner, lesson=lesson)
    services.check_attempt_submit(user=learner, unit=unit, answers=wrong_answers(unit))
    progress = selectors.course_progress(learner, course)
    assert progress.units[0].state == UnitState.IN_PROGRESS
    assert progress.units[0].best_score == 0
    assert progress.next_step.is_check
    assert progress.next_step.unit == unit


def test_course_progress_check_passed_but_lessons_missing_is_in_progress(learner, course, unit):
    services.check_attempt_submit(user=learner, unit=unit, answers=right_answers(unit))
    progress = selectors.course_progress(learner, course)
    assert progress.units[0].state == UnitState.IN_PROGRESS
    assert progress.units[0].check_passed


def test_course_progress_unit_complete_moves_next_step_to_next_unit(learner, course, unit):
    for lesson in unit.lessons.all():
        services.lesson_complete(user=learner, lesson=lesson)
    services.check_attempt_submit(user=learner, unit=unit, answers=right_answers(unit))
    progress = selectors.course_progress(learner, course)
    assert progress.units[0].state == UnitState.COMPLETE
    assert progress.next_step.unit.number == 2
    assert progress.percent == 50
    assert not progress.is_complete


def test_course_progress_anonymous_lists_units_without_progress(client, course):
    from django.contrib.auth.models import AnonymousUser

    progress = selectors.course_progress(AnonymousUser(), course)
    assert not progress.is_enrolled
    assert len(progress.units) == 2


def test_course_is_complete_only_when_every_unit_is(learner, course):
    assert not selectors.course_is_complete(learner, course)
    for unit in course.units.all():
        for lesson in unit.lessons.all():
            services.lesson_complete(user=learner, lesson=lesson)
        services.check_attempt_submit(user=learner, unit=unit, answers=right_answers(unit))
    assert selectors.course_is_complete(learner, course)


def test_neighbours_cross_from_a_units_check_to_the_next_units_first_lesson(learner, course):
    progress = selectors.course_progress(learner, course)
    unit_1, unit_2 = course.units.order_by("number")
    previous, following = progress.neighbours(unit=unit_1, lesson=None)
    assert previous.lesson == unit_1.lessons.get(position=2)
    assert following.lesson == unit_2.lessons.get(position=1)


def test_progress_grid_reports_state_and_best_score_per_learner_and_unit(course):
    unit_1, unit_2 = course.units.order_by("number")
    done, halfway, idle = (UserFactory(verified=True) for _ in range(3))
    for user in (done, halfway, idle):
        services.enrollment_create(user=user, course=course)
        spend_time(user, Lesson.objects.filter(unit__course=course))
    for lesson in unit_1.lessons.all():
        services.lesson_complete(user=done, lesson=lesson)
    services.check_attempt_submit(user=done, unit=unit_1, answers=wrong_answers(unit_1))
    services.check_attempt_submit(user=done, unit=unit_1, answers=right_answers(unit_1))
    services.lesson_complete(user=halfway, lesson=unit_2.lessons.first())

    grid = selectors.progress_grid([done, halfway, idle], course)
    assert [c.state for c in grid.by_user[done.pk]] == [UnitState.COMPLETE, UnitState.NOT_STARTED]
    assert grid.cell(done.pk, unit_1.pk).best_score == 100
    assert grid.by_user[halfway.pk][1].state == UnitState.IN_PROGRESS
    assert grid.cell(idle.pk, unit_2.pk).best_score is None
    assert [user for user, _cells in grid.rows_for([idle, done])] == [idle, done]


def test_progress_grid_unit_without_lessons_is_complete_once_its_check_is_passed():
    course = build_course(units=1, lessons=0, questions=1)
    unit = course.units.get()
    passed, failed, idle = (UserFactory(verified=True) for _ in range(3))
    for user in (passed, failed):
        services.enrollment_create(user=user, course=course)
    services.check_attempt_submit(user=passed, unit=unit, answers=right_answers(unit))
    services.check_attempt_submit(user=failed, unit=unit, answers=wrong_answers(unit))
    grid = selectors.progress_grid([passed, failed, idle], course)
    assert [grid.cell(user.pk, unit.pk).state for user in (passed, failed, idle)] == [
        UnitState.COMPLETE,
        UnitState.IN_PROGRESS,
        UnitState.NOT_STARTED,
    ]


def test_progress_grid_unit_with_neither_lessons_nor_questions_is_complete_for_everyone():
    course = build_course(units=1, lessons=0, questions=0)
    learner = UserFactory(verified=True)
    assert selectors.progress_grid([learner], course).by_user[learner.pk][0].state == (
        UnitState.COMPLETE
    )
    assert selectors.course_is_complete(learner, course)


def test_progress_grid_states_match_the_learners_own_progress(course):
    unit_1, unit_2 = course.units.order_by("number")
    learner = UserFactory(verified=True)
    services.enrollment_create(user=learner, course=course)
    spend_time(learner, [unit_1.lessons.first()])
    services.lesson_complete(user=learner, lesson=unit_1.lessons.first())
    services.check_attempt_submit(user=learner, unit=unit_2, answers=wrong_answers(unit_2))
    own = selectors.course_progress(learner, course)
    cells = selectors.progress_grid([learner], course).by_user[learner.pk]
    assert [cell.state for cell in cells] == [unit.state for unit in own.units]
    assert [cell.state for cell in cells] == [UnitState.IN_PROGRESS, UnitState.IN_PROGRESS]
    assert own.units[1].attempt_count == 1


@pytest.mark.parametrize("learners", [3, 30])
def test_progress_grid_queries_do_not_grow_with_learners(django_assert_max_num_queries, learners):
    course = build_course(units=3, lessons=2, questions=1)
    users = [UserFactory(verified=True) for _ in range(learners)]
    for user in users:
        services.enrollment_create(user=user, course=course)
        spend_time(user, [course.units.first().lessons.first()])
        services.lesson_complete(user=user, lesson=course.units.first().lessons.first())
    from roots.models import User

    with django_assert_max_num_queries(4):
        grid = selectors.progress_grid(User.objects.filter(pk__in=[u.pk for u in users]), course)
    assert len(grid.by_user) == learners


@pytest.mark.parametrize(("units", "lessons"), [(2, 2), (10, 5)])
def test_course_progress_queries_do_not_grow_with_units_or_lessons(
    django_assert_max_num_queries, practitioner, units, lessons
):
    course = build_course(units=units, lessons=lessons, questions=2)
    services.enrollment_create(user=practitioner, course=course)
    with django_assert_max_num_queries(6):
        progress = selectors.course_progress(practitioner, course)
    assert len(progress.units) == units


def test_journal_entries_skip_empty_reflections_and_follow_course_order(learner, course):
    unit_1, unit_2 = course.units.order_by("number")
    later = unit_2.lessons.first()
    earlier = unit_1.lessons.first()
    services.reflection_save(user=learner, lesson=later, text="Later")
    services.reflection_save(user=learner, lesson=earlier, text="Earlier")
    services.reflection_save(user=learner, lesson=unit_1.lessons.last(), text="")
    assert [r.text for r in selectors.journal_entries(learner)] == ["Earlier", "Later"]


@pytest.mark.parametrize("learners", [3, 30])
def test_progress_grid_with_time_adds_one_query_whatever_the_learners(
    django_assert_max_num_queries, learners
):
    course = build_course(units=3, lessons=2, questions=1)
    users = [UserFactory(verified=True) for _ in range(learners)]
    lessons = list(Lesson.objects.filter(unit__course=course))
    for index, user in enumerate(users):
        spend_time(user, lessons[: index % len(lessons) + 1], seconds=60)
    user_ids = [user.pk for user in users]
    selectors.progress_grid(user_ids, course)  # the outline, kept per content version
    with django_assert_max_num_queries(2):
        grid = selectors.progress_grid(user_ids, course, with_time=True)
    assert grid.seconds == {
        user.pk: 60 * (index % len(lessons) + 1) for index, user in enumerate(users)
    }
