import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from courses import services
from courses.models import CheckAttempt, Enrollment, Lesson, LessonCompletion, Reflection
from tests.courses.factories import (
    CourseFactory,
    EnrollmentFactory,
    LessonCompletionFactory,
    ReflectionFactory,
    build_course,
    right_answers,
    wrong_answers,
)

pytestmark = pytest.mark.django_db


def test_enrollment_create_verified_user_enrols_once(practitioner, course):
    first, created = services.enrollment_create(user=practitioner, course=course)
    again, created_again = services.enrollment_create(user=practitioner, course=course)
    assert created
    assert not created_again
    assert first == again
    assert Enrollment.objects.filter(user=practitioner, course=course).count() == 1


def test_enrollment_create_unverified_user_is_refused(unverified_user, course):
    with pytest.raises(ValidationError) as error:
        services.enrollment_create(user=unverified_user, course=course)
    assert error.value.code == "unverified_email"
    assert not Enrollment.objects.exists()


def test_enrollment_create_unpublished_course_is_refused(practitioner):
    with pytest.raises(ValidationError):
        services.enrollment_create(user=practitioner, course=CourseFactory(draft=True))


def test_enrollment_unique_constraint_refuses_a_second_row(learner, course):
    with pytest.raises(IntegrityError):
        Enrollment.objects.create(user=learner, course=course)


def test_lesson_complete_twice_records_one_completion(learner, lesson):
    _first, created = services.lesson_complete(user=learner, lesson=lesson)
    _again, created_again = services.lesson_complete(user=learner, lesson=lesson)
    assert created
    assert not created_again
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).count() == 1


def test_lesson_complete_not_enrolled_is_refused(practitioner, lesson):
    with pytest.raises(ValidationError) as error:
        services.lesson_complete(user=practitioner, lesson=lesson)
    assert error.value.code == "not_enrolled"


def test_lesson_complete_updates_last_activity(learner, course, lesson):
    enrollment = Enrollment.objects.get(user=learner, course=course)
    before = enrollment.last_activity_at
    services.lesson_complete(user=learner, lesson=lesson)
    enrollment.refresh_from_db()
    assert enrollment.last_activity_at > before


def test_completing_every_step_sets_enrollment_completed_at(learner, course):
    for unit in course.units.all():
        for lesson in unit.lessons.all():
            services.lesson_complete(user=learner, lesson=lesson)
        enrollment = Enrollment.objects.get(user=learner, course=course)
        assert enrollment.completed_at is None
        services.check_attempt_submit(user=learner, unit=unit, answers=right_answers(unit))
    assert Enrollment.objects.get(user=learner, course=course).completed_at is not None


def test_reflection_save_creates_then_updates_one_row(learner, lesson):
    services.reflection_save(user=learner, lesson=lesson, text="First thoughts")
    reflection = services.reflection_save(user=learner, lesson=lesson, text="Second thoughts")
    assert reflection.text == "Second thoughts"
    assert Reflection.objects.filter(user=learner, lesson=lesson).count() == 1


def test_reflection_save_not_enrolled_is_refused(practitioner, lesson):
    with pytest.raises(ValidationError):
        services.reflection_save(user=practitioner, lesson=lesson, text="Hello")


def test_reflection_save_lesson_without_prompt_is_refused(learner, lesson):
    Lesson.objects.filter(pk=lesson.pk).update(reflection_prompt="")
    lesson.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.reflection_save(user=learner, lesson=lesson, text="Hello")
    assert error.value.code == "no_prompt"


def test_reflection_save_too_long_is_refused(learner, lesson):
    with pytest.raises(ValidationError) as error:
        services.reflection_save(
            user=learner, lesson=lesson, text="x" * (services.REFLECTION_MAX_LENGTH + 1)
        )
    assert error.value.code == "too_long"


def test_reflection_unique_constraint_refuses_a_second_row(learner, lesson):
    ReflectionFactory(user=learner, lesson=lesson)
    with pytest.raises(IntegrityError):
        Reflection.objects.create(user=learner, lesson=lesson, text="again")


def test_completion_unique_constraint_refuses_a_second_row(learner, lesson):
    LessonCompletionFactory(user=learner, lesson=lesson)
    with pytest.raises(IntegrityError):
        LessonCompletion.objects.create(user=learner, lesson=lesson)


def test_check_attempt_submit_right_answers_pass_with_full_score(learner, unit):
    attempt, created = services.check_attempt_submit(
        user=learner, unit=unit, answers=right_answers(unit)
    )
    assert created
    assert attempt.score == 100
    assert attempt.passed


def test_check_attempt_submit_wrong_answers_fail_and_are_recorded(learner, unit):
    attempt, _ = services.check_attempt_submit(user=learner, unit=unit, answers=wrong_answers(unit))
    assert attempt.score == 0
    assert not attempt.passed
    assert CheckAttempt.objects.filter(user=learner, unit=unit).count() == 1


def test_check_attempt_submit_half_right_is_below_default_pass_mark(learner, unit):
    answers = right_answers(unit)
    first_question = unit.questions.order_by("position").first()
    answers[first_question.pk] = wrong_answers(unit)[first_question.pk]
    attempt, _ = services.check_attempt_submit(user=learner, unit=unit, answers=answers)
    assert attempt.score == 50
    assert not attempt.passed


def test_check_attempt_submit_respects_a_unit_pass_mark(learner, unit):
    unit.pass_mark = 50
    unit.save()
    answers = right_answers(unit)
    first_question = unit.questions.order_by("position").first()
    answers[first_question.pk] = wrong_answers(unit)[first_question.pk]
    attempt, _ = services.check_attempt_submit(user=learner, unit=unit, answers=answers)
    assert attempt.passed


def test_check_attempt_submit_same_key_twice_records_one_attempt(learner, unit):
    key = uuid.uuid4()
    first, created = services.check_attempt_submit(
        user=learner, unit=unit, answers=right_answers(unit), submission_key=key
    )
    again, created_again = services.check_attempt_submit(
        user=learner, unit=unit, answers=right_answers(unit), submission_key=key
    )
    assert created
    assert not created_again
    assert first == again
    assert CheckAttempt.objects.filter(user=learner).count() == 1


def test_check_attempt_submit_unanswered_question_is_refused(learner, unit):
    answers = right_answers(unit)
    answers.pop(next(iter(answers)))
    with pytest.raises(ValidationError) as error:
        services.check_attempt_submit(user=learner, unit=unit, answers=answers)
    assert error.value.code == "unanswered"
    assert not CheckAttempt.objects.exists()


def test_check_attempt_submit_choice_of_another_question_is_refused(learner, unit):
    answers = right_answers(unit)
    first, second = list(answers)
    answers[first] = answers[second]
    with pytest.raises(ValidationError) as error:
        services.check_attempt_submit(user=learner, unit=unit, answers=answers)
    assert error.value.code == "bad_choice"


def test_check_attempt_submit_not_enrolled_is_refused(practitioner, unit):
    with pytest.raises(ValidationError):
        services.check_attempt_submit(user=practitioner, unit=unit, answers=right_answers(unit))


def test_check_grade_multiple_choice_needs_exactly_the_right_set(learner):
    course = build_course(units=1, lessons=1, questions=0)
    unit = course.units.get()
    from tests.courses.factories import CheckChoiceFactory, CheckQuestionFactory

    question = CheckQuestionFactory(unit=unit, kind="multiple", right=None, wrong=None)
    a = CheckChoiceFactory(question=question, is_correct=True)
    b = CheckChoiceFactory(question=question, is_correct=True)
    c = CheckChoiceFactory(question=question, is_correct=False)
    assert services.check_grade(unit=unit, answers={question.pk: [a.pk, b.pk]}).score == 100
    assert services.check_grade(unit=unit, answers={question.pk: [a.pk]}).score == 0
    assert services.check_grade(unit=unit, answers={question.pk: [a.pk, b.pk, c.pk]}).score == 0


def test_check_grade_single_choice_with_two_answers_is_refused(unit):
    question = unit.questions.first()
    ids = [choice.pk for choice in question.choices.all()]
    answers = right_answers(unit)
    answers[question.pk] = ids
    with pytest.raises(ValidationError):
        services.check_grade(unit=unit, answers=answers)


def test_lesson_video_without_transcript_fails_validation(lesson):
    lesson.video_url = "https://www.youtube-nocookie.com/embed/abc123"
    lesson.transcript = ""
    with pytest.raises(ValidationError) as error:
        lesson.full_clean()
    assert "transcript" in error.value.message_dict


def test_lesson_video_without_transcript_is_refused_by_the_database(lesson):
    with pytest.raises(IntegrityError):
        Lesson.objects.filter(pk=lesson.pk).update(
            video_url="https://player.vimeo.com/video/1", transcript=""
        )


def test_lesson_video_from_another_host_fails_validation(lesson):
    lesson.video_url = "https://example.com/video.mp4"
    lesson.transcript = "Words"
    with pytest.raises(ValidationError) as error:
        lesson.full_clean()
    assert "video_url" in error.value.message_dict


def test_enrollment_factory_makes_a_verified_learner():
    enrollment = EnrollmentFactory()
    assert enrollment.user.emailaddress_set.get().verified
