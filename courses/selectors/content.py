"""Course content for its pages, and a learner's own rows (attempts, reflections, enrolments)."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from resources.models import Resource
from roots import pagecache

from ..models import (
    CheckAttempt,
    CheckChoice,
    CheckQuestion,
    Course,
    Enrollment,
    Lesson,
    LessonReading,
    Reflection,
    Unit,
)


def course_catalogue(*, include_drafts: bool = False) -> list[Course]:
    """The catalogue's courses with their unit count and length: the same for every visitor,
    so kept under the catalogue's content version. Read-only."""

    def courses():
        rows = Course.objects.all() if include_drafts else Course.objects.published()
        return list(
            rows.annotate(
                unit_count=Count("units", distinct=True),
                total_minutes=Coalesce(Sum("units__estimated_minutes"), 0),
            ).order_by("title")
        )

    return pagecache.fragment("catalogue", key=("courses:catalogue", include_drafts), build=courses)


def lesson_for_page(*, course_slug: str, number: int, lesson_slug: str) -> Lesson | None:
    """The lesson with its unit, course and readings: the same for every reader, so kept under
    the catalogue's content version (which the library's resources are part of). Read-only."""

    def lesson():
        # A library resource still in draft is not shown to learners (nor its title).
        readings = (
            LessonReading.objects.select_related("resource")
            .filter(Q(resource__isnull=True) | Q(resource__published=True))
            .order_by("position", "pk")
        )
        return (
            Lesson.objects.select_related("unit__course")
            .prefetch_related(Prefetch("readings", queryset=readings))
            .filter(unit__course__slug=course_slug, unit__number=number, slug=lesson_slug)
            .first()
        )

    key = ("courses:lesson", course_slug, number, lesson_slug)
    return pagecache.fragment("catalogue", key=key, build=lesson)


def unit_for_page(*, course_slug: str, number: int) -> Unit | None:
    return (
        Unit.objects.select_related("course")
        .prefetch_related(
            Prefetch("resources", queryset=Resource.objects.published().order_by("catalog_number"))
        )
        .filter(course__slug=course_slug, number=number)
        .first()
    )


def check_questions(unit: Unit) -> list[CheckQuestion]:
    choices = CheckChoice.objects.order_by("position", "pk")
    return list(
        unit.questions.order_by("position", "pk").prefetch_related(
            Prefetch("choices", queryset=choices)
        )
    )


def check_attempts(*, user, unit: Unit) -> QuerySet[CheckAttempt]:
    return CheckAttempt.objects.filter(user=user, unit=unit).order_by("-submitted_at")


@dataclass(frozen=True)
class CheckStanding:
    """Where a learner stands with a unit's knowledge check: the check teaches without giving
    its answers away, so the right answers and explanations are shown only once it is passed
    or its attempts (the course's `check_attempts`) are used up."""

    attempts_used: int
    attempts_allowed: int
    passed: bool

    @property
    def attempts_left(self) -> int:
        return max(self.attempts_allowed - self.attempts_used, 0)

    @property
    def answers_shown(self) -> bool:
        return self.passed or self.attempts_left == 0


def check_standing(*, user, unit: Unit) -> CheckStanding:
    """One query; `unit.course` is expected loaded (the unit pages' loaders do)."""
    counts = CheckAttempt.objects.filter(user=user, unit=unit).aggregate(
        used=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    )
    return CheckStanding(
        attempts_used=counts["used"],
        attempts_allowed=unit.course.check_attempts,
        passed=counts["passed"] > 0,
    )


def reflection_for(*, user, lesson: Lesson) -> Reflection | None:
    return Reflection.objects.filter(user=user, lesson=lesson).first()


def journal_entries(user) -> QuerySet[Reflection]:
    """The learner's non-empty reflections, course by course, in the order of each course."""
    return (
        Reflection.objects.filter(user=user)
        .exclude(text="")
        .select_related("lesson__unit__course")
        .order_by("lesson__unit__course__title", "lesson__unit__number", "lesson__position")
    )


def learner_enrollments(user) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(user=user).select_related("course").order_by("-last_activity_at")
    )


def is_enrolled(user, course: Course) -> bool:
    return user.is_authenticated and Enrollment.objects.filter(user=user, course=course).exists()
