"""Reads of course content and learner progress, in a constant number of queries.

Public API (certificates and learning groups build on it):

- `course_progress(user, course) -> CourseProgress`: per-unit state, percent complete, next step
  (about five queries whatever the size of the course).
- `courses_progress(user, courses) -> list[CourseProgress]`: the same for several courses at once.
- `course_is_complete(user, course) -> bool`: every unit of the course is complete.
- `progress_grid(users, course) -> ProgressGrid`: for many learners at once, per learner x unit,
  the state (`UnitState`) and best knowledge-check score, in four queries at most (three when
  `users` is a list of users or ids rather than a queryset).

Rules: a unit is *complete* when all its lessons are completed and, if it has knowledge-check
questions, one attempt passed; *in progress* when a lesson is completed or the check was tried;
else *not started*. A course's steps are its lessons then its check, unit after unit.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resources.models import Resource
from roots import pagecache

from .models import (
    CheckAttempt,
    CheckChoice,
    CheckQuestion,
    Course,
    Enrollment,
    Lesson,
    LessonCompletion,
    LessonReading,
    Reflection,
    Unit,
)

OUTLINE_TIMEOUT = 3600


class UnitState:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"

    LABELS = {
        NOT_STARTED: _("Not started"),
        IN_PROGRESS: _("In progress"),
        COMPLETE: _("Completed"),
    }


def unit_state(
    *, lessons_total: int, lessons_done: int, has_check: bool, passed: bool, tried: bool
) -> str:
    if lessons_done >= lessons_total and (passed or not has_check):
        return UnitState.COMPLETE
    if lessons_done or tried:
        return UnitState.IN_PROGRESS
    return UnitState.NOT_STARTED


@dataclass(frozen=True)
class Step:
    """One thing to do in a course: a lesson, or a unit's knowledge check (lesson is None)."""

    unit: Unit
    lesson: Lesson | None
    url: str

    @property
    def is_check(self) -> bool:
        return self.lesson is None

    @property
    def title(self) -> str:
        if self.lesson:
            return self.lesson.title
        return str(_("Unit %(number)s knowledge check") % {"number": self.unit.number})


@dataclass
class UnitProgress:
    unit: Unit
    lessons: list[Lesson]
    state: str = UnitState.NOT_STARTED
    lessons_done: int = 0
    has_check: bool = False
    check_passed: bool = False
    best_score: int | None = None
    attempt_count: int = 0
    completed_lesson_ids: frozenset[int] = frozenset()
    next_step: Step | None = None

    @property
    def lessons_total(self) -> int:
        return len(self.lessons)

    @property
    def state_label(self):
        return UnitState.LABELS[self.state]

    @property
    def is_complete(self) -> bool:
        return self.state == UnitState.COMPLETE


@dataclass
class CourseProgress:
    course: Course
    enrollment: Enrollment | None
    units: list[UnitProgress]
    steps: list[Step]
    completed_lesson_ids: frozenset[int] = frozenset()
    passed_unit_ids: frozenset[int] = frozenset()
    percent: int = 0
    next_step: Step | None = None

    @property
    def is_enrolled(self) -> bool:
        return self.enrollment is not None

    @property
    def is_complete(self) -> bool:
        return bool(self.units) and all(unit.is_complete for unit in self.units)

    @property
    def has_started(self) -> bool:
        return any(unit.state != UnitState.NOT_STARTED for unit in self.units)

    def neighbours(self, *, unit: Unit, lesson: Lesson | None) -> tuple[Step | None, Step | None]:
        """The steps before and after a lesson (or, with lesson=None, a unit's check)."""
        for index, step in enumerate(self.steps):
            same = (
                (step.lesson is not None and step.lesson.pk == lesson.pk)
                if lesson
                else (step.is_check)
            )
            if step.unit.pk == unit.pk and same:
                previous = self.steps[index - 1] if index > 0 else None
                following = self.steps[index + 1] if index + 1 < len(self.steps) else None
                return previous, following
        return None, None

    def unit_progress(self, unit_id: int) -> UnitProgress | None:
        return next((unit for unit in self.units if unit.unit.pk == unit_id), None)


def _lesson_url(course: Course, unit: Unit, lesson: Lesson) -> str:
    return reverse("courses:lesson", args=[course.slug, unit.number, lesson.slug])


def _check_url(course: Course, unit: Unit) -> str:
    return reverse("courses:check", args=[course.slug, unit.number])


def units_with_lessons(course_ids: Iterable[int]) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(course_id__in=course_ids)
        .annotate(question_count=Count("questions"))
        .prefetch_related(
            Prefetch(
                "lessons",
                queryset=Lesson.objects.only(
                    "id", "unit_id", "position", "title", "slug", "estimated_minutes"
                ).order_by("position"),
            )
        )
        .order_by("course_id", "number")
    )


def course_outline(course_ids: Iterable[int]) -> list[Unit]:
    """units_with_lessons, kept in the cache under the catalogue's content version: the outline
    is the same for every learner and changes only when an editor saves course content."""
    ids = sorted(set(course_ids))
    current = pagecache.version("catalogue")
    key = f"courses:outline:{current}:{','.join(map(str, ids))}"
    units = cache.get(key) if current is not None else None
    if units is None:
        units = list(units_with_lessons(ids))
        if current is not None:
            cache.set(key, units, OUTLINE_TIMEOUT)
    return units


def courses_progress(user, courses: Iterable[Course]) -> list[CourseProgress]:
    """Progress in each course, in the order given. For an anonymous user (or one not enrolled)
    every unit is not started; the units and steps are listed all the same."""
    courses = list(courses)
    if not courses:
        return []
    course_ids = [course.pk for course in courses]
    units_by_course: dict[int, list[Unit]] = {course_id: [] for course_id in course_ids}
    for unit in course_outline(course_ids):
        units_by_course[unit.course_id].append(unit)

    enrollments: dict[int, Enrollment] = {}
    completed: set[int] = set()
    attempts: dict[int, dict] = {}
    if user is not None and user.is_authenticated:
        enrollments = {
            e.course_id: e for e in Enrollment.objects.filter(user=user, course_id__in=course_ids)
        }
        completed = set(
            LessonCompletion.objects.filter(
                user=user, lesson__unit__course_id__in=course_ids
            ).values_list("lesson_id", flat=True)
        )
        attempts = {
            row["unit_id"]: row
            for row in CheckAttempt.objects.filter(user=user, unit__course_id__in=course_ids)
            .values("unit_id")
            .annotate(best=Max("score"), passes=Count("id", filter=Q(passed=True)), n=Count("id"))
        }

    results = []
    for course in courses:
        steps: list[Step] = []
        unit_rows: list[UnitProgress] = []
        passed_units = set()
        done_steps = 0
        for unit in units_by_course[course.pk]:
            unit.course = course
            lessons = list(unit.lessons.all())
            row = attempts.get(unit.pk, {})
            has_check = unit.question_count > 0
            passed = bool(row.get("passes"))
            done_ids = frozenset(lesson.pk for lesson in lessons if lesson.pk in completed)
            unit_steps = [
                Step(unit, lesson, _lesson_url(course, unit, lesson)) for lesson in lessons
            ]
            if has_check:
                unit_steps.append(Step(unit, None, _check_url(course, unit)))
                if passed:
                    passed_units.add(unit.pk)
                    done_steps += 1
            done_steps += len(done_ids)
            unit_rows.append(
                UnitProgress(
                    unit=unit,
                    lessons=lessons,
                    state=unit_state(
                        lessons_total=len(lessons),
                        lessons_done=len(done_ids),
                        has_check=has_check,
                        passed=passed,
                        tried=bool(row),
                    ),
                    lessons_done=len(done_ids),
                    has_check=has_check,
                    check_passed=passed,
                    best_score=row.get("best"),
                    attempt_count=row.get("n", 0),
                    completed_lesson_ids=done_ids,
                    next_step=next(
                        (
                            step
                            for step in unit_steps
                            if (step.lesson.pk not in done_ids if step.lesson else not passed)
                        ),
                        None,
                    ),
                )
            )
            steps.extend(unit_steps)
        results.append(
            CourseProgress(
                course=course,
                enrollment=enrollments.get(course.pk),
                units=unit_rows,
                steps=steps,
                completed_lesson_ids=frozenset(completed),
                passed_unit_ids=frozenset(passed_units),
                percent=(done_steps * 100 // len(steps)) if steps else 0,
                next_step=next((unit.next_step for unit in unit_rows if unit.next_step), None),
            )
        )
    return results


def course_progress(user, course: Course) -> CourseProgress:
    return courses_progress(user, [course])[0]


def course_is_complete(user, course: Course) -> bool:
    cells = progress_grid([user], course).by_user.get(user.pk, [])
    return bool(cells) and all(cell.state == UnitState.COMPLETE for cell in cells)


@dataclass(frozen=True)
class GridCell:
    unit: Unit
    state: str
    lessons_done: int
    lessons_total: int
    passed: bool
    best_score: int | None

    @property
    def state_label(self):
        return UnitState.LABELS[self.state]


@dataclass
class ProgressGrid:
    """Learners x units. `by_user[user_id]` is the list of cells in unit order."""

    units: list[Unit]
    by_user: dict[int, list[GridCell]] = field(default_factory=dict)

    def cell(self, user_id: int, unit_id: int) -> GridCell | None:
        return next((c for c in self.by_user.get(user_id, []) if c.unit.pk == unit_id), None)

    def rows_for(self, users: Iterable) -> list[tuple[object, list[GridCell]]]:
        """(user, cells) pairs in the order of `users`, for templates."""
        return [(user, self.by_user.get(user.pk, [])) for user in users]


def progress_grid(users, course: Course) -> ProgressGrid:
    """Every learner's state in every unit of the course. `users` is a queryset of users, or an
    iterable of users or user ids; the number of queries does not depend on its length."""
    if isinstance(users, QuerySet):
        user_ids = list(users.values_list("pk", flat=True))
    else:
        user_ids = [getattr(user, "pk", user) for user in users]
    units = list(
        Unit.objects.filter(course=course)
        .annotate(
            lesson_count=Count("lessons", distinct=True),
            question_count=Count("questions", distinct=True),
        )
        .order_by("number")
    )
    grid = ProgressGrid(units=units)
    if not user_ids:
        return grid
    done = {
        (row["user_id"], row["lesson__unit_id"]): row["n"]
        for row in LessonCompletion.objects.filter(
            user_id__in=user_ids, lesson__unit__course=course
        )
        .values("user_id", "lesson__unit_id")
        .annotate(n=Count("id"))
    }
    tries = {
        (row["user_id"], row["unit_id"]): row
        for row in CheckAttempt.objects.filter(user_id__in=user_ids, unit__course=course)
        .values("user_id", "unit_id")
        .annotate(best=Max("score"), passes=Count("id", filter=Q(passed=True)))
    }
    for user_id in user_ids:
        cells = []
        for unit in units:
            lessons_done = done.get((user_id, unit.pk), 0)
            row = tries.get((user_id, unit.pk))
            passed = bool(row and row["passes"])
            cells.append(
                GridCell(
                    unit=unit,
                    state=unit_state(
                        lessons_total=unit.lesson_count,
                        lessons_done=lessons_done,
                        has_check=unit.question_count > 0,
                        passed=passed,
                        tried=row is not None,
                    ),
                    lessons_done=lessons_done,
                    lessons_total=unit.lesson_count,
                    passed=passed,
                    best_score=row["best"] if row else None,
                )
            )
        grid.by_user[user_id] = cells
    return grid


def course_catalogue(*, include_drafts: bool = False) -> QuerySet[Course]:
    courses = Course.objects.all() if include_drafts else Course.objects.published()
    return courses.annotate(
        unit_count=Count("units", distinct=True),
        total_minutes=Coalesce(Sum("units__estimated_minutes"), 0),
    ).order_by("title")


def lesson_for_page(*, course_slug: str, number: int, lesson_slug: str) -> Lesson | None:
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
