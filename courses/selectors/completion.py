"""The completion rule: what state a learner's unit is in, and when it was completed.

A unit is *complete* when all its lessons are completed and, if it has knowledge-check questions,
one attempt passed; it was completed when the last of these happened (its last lesson
completion or its first passing attempt, whichever came later). It is *in progress* when a
lesson is completed or the check was tried, else *not started*.

The rule is stated once, in SQL (`_CELLS`), because the figures need it in the database: the
analytics count completions by month over every learner, which no Python loop could. The pages
read the same statement for the learners and units they show (`unit_counts`), the figures
through `unit_completions_sql`. No completion is stored per unit, so nothing is kept in sync.
"""

from typing import NamedTuple

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import CheckAttempt, CheckQuestion, Lesson, LessonCompletion, Unit


class UnitState:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"

    # A learner reads that they completed a unit; a grid of learners says it is complete, as
    # its totals row does.
    LABELS = {
        NOT_STARTED: _("Not started"),
        IN_PROGRESS: _("In progress"),
        COMPLETE: _("Completed"),
    }
    GRID_LABELS = {
        NOT_STARTED: _("Not started"),
        IN_PROGRESS: _("In progress"),
        COMPLETE: _("Complete"),
    }


class UnitCounts(NamedTuple):
    """One learner in one unit, as `unit_counts` reads it."""

    state: str
    lessons_done: int
    lessons_total: int
    attempts: int
    best_score: int | None
    passed: bool
    completed_lesson_ids: tuple[int, ...] = ()


_TABLES = {
    "completion": LessonCompletion._meta.db_table,
    "lesson": Lesson._meta.db_table,
    "attempt": CheckAttempt._meta.db_table,
    "unit": Unit._meta.db_table,
    "question": CheckQuestion._meta.db_table,
}

# Per learner and unit: the counts and the rule. `{learner}` is the learner's id in the FROM
# clause that follows; `done`, `tries` and `units` are the CTEs that _sql() writes.
_CELLS = """
    SELECT {learner} AS user_id, units.id AS unit_id,
        CASE
            WHEN COALESCE(done.lessons, 0) >= units.lessons
                 AND (tries.first_pass_at IS NOT NULL OR NOT units.has_check) THEN %s
            WHEN done.lessons IS NOT NULL OR tries.attempts IS NOT NULL THEN %s
            ELSE %s
        END AS state,
        COALESCE(done.lessons, 0) AS lessons_done, units.lessons AS lessons_total,
        COALESCE(tries.attempts, 0) AS attempts, tries.best AS best_score,
        tries.first_pass_at IS NOT NULL AS passed,
        GREATEST(done.last_at, tries.first_pass_at) AS completed_at{extra}
"""
_STATES = [UnitState.COMPLETE, UnitState.IN_PROGRESS, UnitState.NOT_STARTED]

# Every cell of the learners given x the units given, those without any row included.
_EVERY_CELL = """
    FROM unnest(%s::bigint[]) AS learner(id) CROSS JOIN units
    LEFT JOIN done ON done.user_id = learner.id AND done.unit_id = units.id
    LEFT JOIN tries ON tries.user_id = learner.id AND tries.unit_id = units.id
"""

# Only the cells where a learner did something, for counting over every learner.
_CELLS_WITH_ACTIVITY = """
    FROM done FULL JOIN tries ON tries.user_id = done.user_id AND tries.unit_id = done.unit_id
    JOIN units ON units.id = COALESCE(done.unit_id, tries.unit_id)
"""


def _sql(*, learners: str = "", units: str = "", lessons: str = "", cells: str) -> str:
    """The query. Each filter is the right-hand side of a condition (`= ANY(%s)`) on a table's
    own columns: `learners` on the completions' and attempts' `user_id`, `units` on the units'
    `id` and the attempts' `unit_id`, `lessons` on the completions' `lesson_id`. Reading
    completions by (learner, lesson) keeps them on their unique index: restricted through a join
    of lessons and units instead, the planner, which rarely has statistics for the few rows of a
    course, walks every learner's completions of each lesson (300 ms at 100,000 learners
    instead of 2)."""
    t = _TABLES

    def where(column: str, condition: str) -> str:
        return f"AND {column} {condition}" if condition else ""

    return f"""
        WITH done AS (
            SELECT c.user_id, l.unit_id, COUNT(*) AS lessons, MAX(c.completed_at) AS last_at,
                ARRAY_AGG(c.lesson_id) AS lesson_ids
            FROM {t["completion"]} c JOIN {t["lesson"]} l ON l.id = c.lesson_id
            WHERE TRUE {where("c.user_id", learners)} {where("c.lesson_id", lessons)}
            GROUP BY c.user_id, l.unit_id
        ), tries AS (
            SELECT a.user_id, a.unit_id, COUNT(*) AS attempts, MAX(a.score) AS best,
                MIN(a.submitted_at) FILTER (WHERE a.passed) AS first_pass_at
            FROM {t["attempt"]} a
            WHERE TRUE {where("a.user_id", learners)} {where("a.unit_id", units)}
            GROUP BY a.user_id, a.unit_id
        ), units AS MATERIALIZED (
            SELECT u.id,
                (SELECT COUNT(*) FROM {t["lesson"]} l WHERE l.unit_id = u.id) AS lessons,
                EXISTS (SELECT 1 FROM {t["question"]} q WHERE q.unit_id = u.id) AS has_check
            FROM {t["unit"]} u
            WHERE TRUE {where("u.id", units)}
        )
        {cells}
    """  # noqa: S608 - table names from the models, values as parameters


def unit_counts(
    *, user_ids: list[int], unit_ids: list[int], lesson_ids: list[int], with_lessons: bool = True
) -> dict[tuple[int, int], UnitCounts]:
    """{(user id, unit id): UnitCounts} for every learner and unit given, in one query, with
    the lessons each completed (unless `with_lessons` is False: a grid of many learners needs
    only the counts). `lesson_ids` are the lessons of those units."""
    if not user_ids or not unit_ids:
        return {}
    extra = ", done.lesson_ids" if with_lessons else ", NULL"
    sql = _sql(
        learners="= ANY(%s)",
        units="= ANY(%s)",
        lessons="= ANY(%s)",
        cells=_CELLS.format(learner="learner.id", extra=extra) + _EVERY_CELL,
    )
    params = [user_ids, lesson_ids, user_ids, unit_ids, unit_ids, *_STATES, user_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            (row[0], row[1]): UnitCounts._make((*row[2:8], tuple(row[9] or ())))
            for row in cursor.fetchall()
        }


def unit_completions_sql(*, learners: QuerySet | None = None) -> tuple[str, list]:
    """SQL for the units completed (`user_id`, `unit_id`, `completed_at`) by everyone or by
    the users whose ids `learners` selects (a queryset of one column), to count from."""
    condition, params = "", []
    if learners is not None:
        subquery, params = learners.query.sql_with_params()
        condition = f"IN ({subquery})"
    sql = _sql(
        learners=condition,
        cells=_CELLS.format(learner="COALESCE(done.user_id, tries.user_id)", extra="")
        + _CELLS_WITH_ACTIVITY,
    )
    completed = f"SELECT user_id, unit_id, completed_at FROM ({sql}) AS cells WHERE state = %s"  # noqa: S608
    return completed, [*params, *params, *_STATES, UnitState.COMPLETE]
