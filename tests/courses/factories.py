import factory
from django.utils import timezone

from courses.models import (
    CheckAttempt,
    CheckChoice,
    CheckQuestion,
    Course,
    Enrollment,
    Lesson,
    LessonCompletion,
    LessonReading,
    LessonTime,
    Reflection,
    Unit,
)
from tests.factories import UserFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Roots of health inequity {n}")
    slug = factory.Sequence(lambda n: f"roots-{n}")
    summary = "A course for the public health workforce on the root causes of health inequity."
    learning_objectives = "Name root causes\nPlan an action"
    estimated_hours = 6
    published = True

    class Params:
        draft = factory.Trait(published=False)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    course = factory.SubFactory(CourseFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Unit title {n}")
    guiding_question = "Where do we start?"
    overview = "This unit asks **where to start**."
    objectives = "Describe a frame\nName a root cause"
    discussion_questions = (
        "What stood out for you?\nWhere do you see this in your work?\nWhat will you try?"
    )
    estimated_minutes = 60


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    unit = factory.SubFactory(UnitFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    body = "## A heading\n\nSome **bold** text about upstream causes."
    reflection_prompt = "What does this mean for your practice?"


class LessonReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonReading

    lesson = factory.SubFactory(LessonFactory)
    title = "A web reading"
    url = "https://example.org/reading"


class CheckQuestionFactory(factory.django.DjangoModelFactory):
    """A question with one right (first) and one wrong (second) choice."""

    class Meta:
        model = CheckQuestion
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = CheckQuestion.Kind.SINGLE

    right = factory.RelatedFactory(
        "tests.courses.factories.CheckChoiceFactory",
        factory_related_name="question",
        position=1,
        text="The right answer",
        is_correct=True,
        feedback="Yes: that is why.",
    )
    wrong = factory.RelatedFactory(
        "tests.courses.factories.CheckChoiceFactory",
        factory_related_name="question",
        position=2,
        text="A wrong answer",
        is_correct=False,
        feedback="No: this is a consequence, not a cause.",
    )


class CheckChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckChoice

    question = factory.SubFactory(CheckQuestionFactory)
    text = factory.Sequence(lambda n: f"Choice {n}")
    is_correct = False


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory, verified=True)
    course = factory.SubFactory(CourseFactory)


class LessonCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonCompletion

    user = factory.SubFactory(UserFactory, verified=True)
    lesson = factory.SubFactory(LessonFactory)


class LessonTimeFactory(factory.django.DjangoModelFactory):
    """Engaged time on a lesson, as the page's heartbeats count it (a beat has been received)."""

    class Meta:
        model = LessonTime

    user = factory.SubFactory(UserFactory, verified=True)
    lesson = factory.SubFactory(LessonFactory)
    seconds = 0
    last_beat_at = factory.LazyFunction(timezone.now)

    class Params:
        # The lesson's whole expected time: enough to mark it complete under any course's rules.
        enough = factory.Trait(
            seconds=factory.LazyAttribute(lambda row: row.lesson.estimated_minutes * 60)
        )


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    user = factory.SubFactory(UserFactory, verified=True)
    lesson = factory.SubFactory(LessonFactory)
    text = "I will look upstream."


class CheckAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckAttempt

    user = factory.SubFactory(UserFactory, verified=True)
    unit = factory.SubFactory(UnitFactory)
    score = 100
    passed = True


def build_course(*, units=2, lessons=2, questions=2, **course_kwargs) -> Course:
    """A published course with `units` units of `lessons` lessons and `questions` questions."""
    course = CourseFactory(**course_kwargs)
    for number in range(1, units + 1):
        unit = UnitFactory(course=course, number=number, title=f"Unit {number} title")
        for position in range(1, lessons + 1):
            LessonFactory(
                unit=unit,
                position=position,
                title=f"Lesson {number}.{position}",
                slug=f"lesson-{number}-{position}",
            )
        for position in range(1, questions + 1):
            CheckQuestionFactory(
                unit=unit, position=position, text=f"Question {number}.{position}?"
            )
    return course


def complete_unit(user, unit, *, score: int = 90, passed: bool = True) -> None:
    """Every lesson of the unit completed and, if it has a knowledge check, one attempt made."""
    for lesson in unit.lessons.all():
        LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    if unit.questions.exists():
        CheckAttempt.objects.create(user=user, unit=unit, score=score, passed=passed)


def spend_time(user, lessons, *, seconds: int | None = None) -> None:
    """Engaged time on each lesson as heartbeats would have counted it: `seconds` on each, or
    the lesson's expected minutes (enough to mark it complete)."""
    for lesson in lessons:
        LessonTime.objects.update_or_create(
            user=user,
            lesson=lesson,
            defaults={
                "seconds": lesson.estimated_minutes * 60 if seconds is None else seconds,
                "last_beat_at": timezone.now(),
            },
        )


def right_answers(unit) -> dict[int, list[int]]:
    return {
        question.pk: [c.pk for c in question.choices.all() if c.is_correct]
        for question in unit.questions.prefetch_related("choices")
    }


def wrong_answers(unit) -> dict[int, list[int]]:
    return {
        question.pk: [c.pk for c in question.choices.all() if not c.is_correct][:1]
        for question in unit.questions.prefetch_related("choices")
    }
