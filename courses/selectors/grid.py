"""Many learners' progress in one course at once: learner x unit, for facilitators and figures."""

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import get_language, gettext, override

from ..models import Course, Unit
from .completion import UnitState, unit_counts
from .engaged import engaged_seconds
from .progress import course_outline

_ICONS = {UnitState.COMPLETE: "✓ ", UnitState.IN_PROGRESS: "◐ "}


@functools.cache
def _words(language: str | None) -> dict:
    """The grid's words in one language, translated once per process: a 50-member page has
    300 cells, and translating each cell's words again was a fifth of the page's time."""
    with override(language):
        return {
            "labels": {state: str(label) for state, label in UnitState.GRID_LABELS.items()},
            "lessons": gettext("%(done)s/%(total)s lessons"),
            "check": gettext("check %(score)s%%"),
        }


@dataclass(frozen=True)
class GridCell:
    unit: Unit
    state: str
    lessons_done: int
    lessons_total: int
    passed: bool
    best_score: int | None

    @property
    def label(self) -> str:
        return _words(get_language())["labels"][self.state]

    @property
    def icon(self) -> str:
        return _ICONS.get(self.state, "")

    @property
    def detail(self) -> str:
        """ "2/3 lessons · check 90%", or "" before the learner starts: made here rather than
        in the template, where translating it per cell was most of a 200-member grid's time."""
        if self.state == UnitState.NOT_STARTED:
            return ""
        words = _words(get_language())
        text = words["lessons"] % {"done": self.lessons_done, "total": self.lessons_total}
        if self.best_score is not None:
            text += " · " + words["check"] % {"score": self.best_score}
        return text


@dataclass
class ProgressGrid:
    """Learners x units. `by_user[user_id]` is the list of cells in unit order;
    `seconds[user_id]` the learner's engaged time on the course (when asked for)."""

    units: list[Unit]
    by_user: dict[int, list[GridCell]] = field(default_factory=dict)
    seconds: dict[int, int] = field(default_factory=dict)

    def cell(self, user_id: int, unit_id: int) -> GridCell | None:
        return next((c for c in self.by_user.get(user_id, []) if c.unit.pk == unit_id), None)

    def rows_for(self, users: Iterable) -> list[tuple[object, list[GridCell]]]:
        """(user, cells) pairs in the order of `users`, for templates."""
        return [(user, self.by_user.get(user.pk, [])) for user in users]

    def state_counts(self) -> list[Counter]:
        """For each unit, in order, how many learners are in each state."""
        counts = [Counter() for _unit in self.units]
        for cells in self.by_user.values():
            for index, cell in enumerate(cells):
                counts[index][cell.state] += 1
        return counts


def progress_grid(users, course: Course, *, with_time: bool = False) -> ProgressGrid:
    """Every learner's state in every unit of the course, by the completion rule
    (`completion.unit_counts`), and with `with_time` their engaged time on it. `users` is a
    queryset of users, or an iterable of users or user ids; one query (two for a queryset, one
    more with the time) whatever its length, and the course outline once per content
    version."""
    if isinstance(users, QuerySet):
        user_ids = list(users.values_list("pk", flat=True))
    else:
        user_ids = [getattr(user, "pk", user) for user in users]
    outline = course_outline([course.pk])
    units = [item.unit for item in outline]
    grid = ProgressGrid(units=units)
    counts = unit_counts(
        user_ids=user_ids,
        unit_ids=[unit.pk for unit in units],
        lesson_ids=[lesson.pk for item in outline for lesson in item.lessons],
        with_lessons=False,
    )
    for user_id in user_ids:
        cells = []
        for unit in units:
            row = counts[user_id, unit.pk]
            cells.append(
                GridCell(
                    unit=unit,
                    state=row.state,
                    lessons_done=row.lessons_done,
                    lessons_total=row.lessons_total,
                    passed=row.passed,
                    best_score=row.best_score,
                )
            )
        grid.by_user[user_id] = cells
    if with_time:
        found = engaged_seconds(
            user_ids=user_ids,
            lesson_ids=[lesson.pk for item in outline for lesson in item.lessons],
        )
        grid.seconds = {user_id: found.get(user_id, 0) for user_id in user_ids}
    return grid


def course_is_complete(user, course: Course) -> bool:
    cells = progress_grid([user], course).by_user.get(user.pk, [])
    return bool(cells) and all(cell.state == UnitState.COMPLETE for cell in cells)
