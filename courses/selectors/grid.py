"""Many learners' progress in one course at once: learner x unit, for facilitators and figures."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet

from ..models import CheckAttempt, Course, LessonCompletion, Unit
from .completion import UnitState, unit_state


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


def course_is_complete(user, course: Course) -> bool:
    cells = progress_grid([user], course).by_user.get(user.pk, [])
    return bool(cells) and all(cell.state == UnitState.COMPLETE for cell in cells)
