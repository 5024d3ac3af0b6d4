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
- Engaged time (`engaged`): `lesson_clock(lesson=, row=, enrollment=) -> LessonClock` (a
  learner's minutes on a lesson and what completing it needs), `engaged_seconds(user_ids=,
  lesson_ids=)` (many learners at once, one query), `course_engaged_seconds(user=, course=)`,
  `duration_display(seconds)`; the share a lesson needs comes from a registered source
  (`register_lesson_time_share`).
- After the course (`finish`): `after_course(user, courses) -> {course id: AfterCourse}` (what
  a registered source offers finished courses: the CE credit), `completes_course(...)`.

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
from .engaged import (
    DEFAULT_LESSON_TIME_SHARE,
    LESSON_TIME_CAP,
    VIDEO_SHARE_TO_COMPLETE,
    LessonClock,
    course_engaged_seconds,
    duration_display,
    engaged_seconds,
    lesson_clock,
    lesson_time_for,
    lesson_time_share,
    register_lesson_time_share,
)
from .finish import AfterCourse, NextStep, after_course, completes_course, register_after_course
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
    "DEFAULT_LESSON_TIME_SHARE",
    "LESSON_TIME_CAP",
    "VIDEO_SHARE_TO_COMPLETE",
    "AfterCourse",
    "CheckStanding",
    "CourseProgress",
    "GridCell",
    "LessonClock",
    "NextStep",
    "ProgressGrid",
    "Step",
    "UnitCounts",
    "UnitProgress",
    "UnitState",
    "after_course",
    "check_attempts",
    "check_questions",
    "check_standing",
    "completes_course",
    "course_catalogue",
    "course_engaged_seconds",
    "course_is_complete",
    "course_outline",
    "course_progress",
    "courses_progress",
    "duration_display",
    "engaged_seconds",
    "is_enrolled",
    "journal_entries",
    "learner_enrollments",
    "lesson_clock",
    "lesson_for_page",
    "lesson_time_for",
    "lesson_time_share",
    "progress_grid",
    "reflection_for",
    "register_after_course",
    "register_lesson_time_share",
    "unit_completions_sql",
    "unit_counts",
    "unit_for_page",
    "units_with_lessons",
]
