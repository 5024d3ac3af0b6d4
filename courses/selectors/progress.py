"""A learner's progress through courses: per-unit state, percent complete, next step."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roots import pagecache

from ..models import Course, Enrollment, Lesson, Unit
from .completion import UnitCounts, UnitState, unit_counts


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


def units_with_lessons(course_ids: Iterable[int]) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(course_id__in=course_ids)
        .select_related("course")
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


@dataclass(frozen=True)
class OutlineUnit:
    """A unit as every learner's progress reads it: its lessons and the addresses of its
    steps, worked out once per content version."""

    unit: Unit
    lessons: tuple[Lesson, ...]
    lesson_urls: tuple[str, ...]
    check_url: str | None  # None: the unit has no knowledge check


def _outline(course_ids: tuple[int, ...]) -> tuple[OutlineUnit, ...]:
    outline = []
    for unit in units_with_lessons(course_ids):
        lessons = tuple(unit.lessons.all())
        args = [unit.course.slug, unit.number]
        outline.append(
            OutlineUnit(
                unit=unit,
                lessons=lessons,
                lesson_urls=tuple(
                    reverse("courses:lesson", args=[*args, lesson.slug]) for lesson in lessons
                ),
                check_url=reverse("courses:check", args=args) if unit.question_count else None,
            )
        )
    return tuple(outline)


def course_outline(course_ids: Iterable[int]) -> tuple[OutlineUnit, ...]:
    """The courses' units, lessons and step addresses: the same for every learner, so kept
    under the catalogue's content version (an editor's save makes a new one). Read-only."""
    ids = tuple(sorted(set(course_ids)))
    return pagecache.fragment(
        "catalogue", key=("courses:outline", ids), build=lambda: _outline(ids)
    )


def courses_progress(user, courses: Iterable[Course], *, enrollments=None) -> list[CourseProgress]:
    """Progress in each course, in the order given. For an anonymous user (or one not enrolled)
    every unit is not started; the units and steps are listed all the same. `enrollments`:
    the user's enrolments in these courses when the caller has read them already."""
    courses = list(courses)
    if not courses:
        return []
    course_ids = [course.pk for course in courses]
    units_by_course: dict[int, list[OutlineUnit]] = {course_id: [] for course_id in course_ids}
    outline = course_outline(course_ids)
    for item in outline:
        units_by_course[item.unit.course_id].append(item)

    by_course: dict[int, Enrollment] = {}
    counts: dict[int, UnitCounts] = {}
    if user is not None and user.is_authenticated:
        if enrollments is None:
            enrollments = Enrollment.objects.filter(user=user, course_id__in=course_ids)
        by_course = {e.course_id: e for e in enrollments}
        counts = {
            unit_id: row
            for (_user_id, unit_id), row in unit_counts(
                user_ids=[user.pk],
                unit_ids=[item.unit.pk for item in outline],
                lesson_ids=[lesson.pk for item in outline for lesson in item.lessons],
            ).items()
        }
    return [
        _course_progress(course, by_course.get(course.pk), units_by_course[course.pk], counts)
        for course in courses
    ]


def _course_progress(course, enrollment, outline: list[OutlineUnit], counts) -> CourseProgress:
    steps: list[Step] = []
    unit_rows: list[UnitProgress] = []
    passed_units = set()
    completed: set[int] = set()
    done_steps = 0
    for item in outline:
        unit, lessons = item.unit, item.lessons
        row = counts.get(unit.pk) or UnitCounts(
            state=UnitState.NOT_STARTED,
            lessons_done=0,
            lessons_total=len(lessons),
            attempts=0,
            best_score=None,
            passed=False,
        )
        passed = row.passed
        done_ids = frozenset(row.completed_lesson_ids)
        completed |= done_ids
        unit_steps = [
            Step(unit, lesson, url) for lesson, url in zip(lessons, item.lesson_urls, strict=True)
        ]
        if item.check_url:
            unit_steps.append(Step(unit, None, item.check_url))
            if passed:
                passed_units.add(unit.pk)
                done_steps += 1
        done_steps += len(done_ids)
        unit_rows.append(
            UnitProgress(
                unit=unit,
                lessons=list(lessons),
                state=row.state,
                lessons_done=row.lessons_done,
                has_check=item.check_url is not None,
                check_passed=passed,
                best_score=row.best_score,
                attempt_count=row.attempts,
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
    return CourseProgress(
        course=course,
        enrollment=enrollment,
        units=unit_rows,
        steps=steps,
        completed_lesson_ids=frozenset(completed),
        passed_unit_ids=frozenset(passed_units),
        percent=(done_steps * 100 // len(steps)) if steps else 0,
        next_step=next((unit.next_step for unit in unit_rows if unit.next_step), None),
    )


def course_progress(user, course: Course) -> CourseProgress:
    return courses_progress(user, [course])[0]
