"""Reads of course content and learner progress, in a constant number of queries.

Public API (certificates, learning groups and the figures build on it):

- `course_progress(user, course) -> CourseProgress`: per-unit state, percent complete, next step
  (about five queries whatever the size of the course).
- `courses_progress(user, courses) -> list[CourseProgress]`: the same for several courses at once.
- `course_is_complete(user, course) -> bool`: every unit of the course is complete.
- `progress_grid(users, course) -> ProgressGrid`: for many learners at once, per learner x unit,
  the state (`UnitState`) and best knowledge-check score, in three queries at most (two when
  `users` is a list of users or ids rather than a queryset).
- `unit_completions_sql(learners=...)`: the units completed and when, as SQL to count from.
- `check_standing(user=, unit=) -> CheckStanding`: attempts used and left at a unit's knowledge
  check, and whether its right answers may be shown yet.

Rules (`completion`, where they are stated once): a unit is *complete* when all its lessons are
completed and, if it has knowledge-check questions, one attempt passed; *in progress* when a
lesson is completed or the check was tried; else *not started*. A course's steps are its lessons
then its check, unit after unit.
"""

from .completion import UnitCounts, UnitState, unit_completions_sql, unit_counts
from .content import (
    CheckStanding,
    check_attempts,
    check_questions,
    check_standing,
    course_catalogue,
    is_enrolled,
    journal_entries,
    learner_enrollments,
    lesson_for_page,
    reflection_for,
    unit_for_page,
)
from .grid import GridCell, ProgressGrid, course_is_complete, progress_grid
from .progress import (
    CourseProgress,
    Step,
    UnitProgress,
    course_outline,
    course_progress,
    courses_progress,
    units_with_lessons,
)

__all__ = [
    "CheckStanding",
    "CourseProgress",
    "GridCell",
    "ProgressGrid",
    "Step",
    "UnitCounts",
    "UnitProgress",
    "UnitState",
    "check_attempts",
    "check_questions",
    "check_standing",
    "course_catalogue",
    "course_is_complete",
    "course_outline",
    "course_progress",
    "courses_progress",
    "is_enrolled",
    "journal_entries",
    "learner_enrollments",
    "lesson_for_page",
    "progress_grid",
    "reflection_for",
    "unit_completions_sql",
    "unit_counts",
    "unit_for_page",
    "units_with_lessons",
]
