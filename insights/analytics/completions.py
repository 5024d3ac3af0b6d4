"""Learning: enrolments, units completed and courses completed."""

from datetime import date

from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import CheckAttempt, CheckQuestion, Enrollment, Lesson, LessonCompletion, Unit
from roots.models import User

from ..charts import Column, DataTable
from .periods import Period, monthly


def unit_completions_sql(*, by: str, since=None, organization_id=None) -> tuple[str, list]:
    """Units completed, counted by month of completion (`by="month"`) or by learner
    (`by="user"`), as SQL for one query.

    The rule is the courses app's (`courses.selectors.unit_state`): a unit is complete when all
    its lessons are completed and, if it has knowledge-check questions, one attempt passed. It
    was completed when the last of these happened: its last lesson completion or its first
    passing attempt, whichever came later. The courses app stores no completion time for a
    unit, so it is derived here, in the database, from the rows that make it."""
    user_filter, params = "", []
    if organization_id is not None:
        user_filter = (
            "AND {alias}.user_id IN "  # noqa: S608 - a table name from the model
            f"(SELECT id FROM {User._meta.db_table} WHERE organization_id = %s)"
        )
    tables = {
        "completion": LessonCompletion._meta.db_table,
        "lesson": Lesson._meta.db_table,
        "attempt": CheckAttempt._meta.db_table,
        "unit": Unit._meta.db_table,
        "question": CheckQuestion._meta.db_table,
    }
    # Table names come from the models, values go in as parameters.
    sql = f"""
        WITH done AS (
            SELECT c.user_id, l.unit_id, COUNT(*) AS lessons, MAX(c.completed_at) AS last_at
            FROM {tables["completion"]} c JOIN {tables["lesson"]} l ON l.id = c.lesson_id
            WHERE TRUE {user_filter.format(alias="c")}
            GROUP BY c.user_id, l.unit_id
        ), passes AS (
            SELECT a.user_id, a.unit_id, MIN(a.submitted_at) AS first_at
            FROM {tables["attempt"]} a
            WHERE a.passed {user_filter.format(alias="a")}
            GROUP BY a.user_id, a.unit_id
        ), units AS (
            SELECT u.id,
                (SELECT COUNT(*) FROM {tables["lesson"]} l WHERE l.unit_id = u.id) AS lessons,
                EXISTS (SELECT 1 FROM {tables["question"]} q WHERE q.unit_id = u.id) AS has_check
            FROM {tables["unit"]} u
        ), completions AS (
            SELECT COALESCE(d.user_id, p.user_id) AS user_id,
                   GREATEST(d.last_at, p.first_at) AS completed_at
            FROM done d
            FULL JOIN passes p ON p.user_id = d.user_id AND p.unit_id = d.unit_id
            JOIN units ON units.id = COALESCE(d.unit_id, p.unit_id)
            WHERE COALESCE(d.lessons, 0) >= units.lessons
              AND (p.first_at IS NOT NULL OR NOT units.has_check)
        )
    """  # noqa: S608
    if organization_id is not None:
        params += [organization_id, organization_id]
    if by == "month":
        sql += """
            SELECT (date_trunc('month', completed_at AT TIME ZONE %s))::date AS month, COUNT(*)
            FROM completions WHERE completed_at >= %s GROUP BY 1
        """
        params += [timezone.get_current_timezone_name(), since]
    else:
        sql += "SELECT user_id, COUNT(*) FROM completions GROUP BY user_id"
    return sql, params


def unit_completions_by_month(period: Period, *, organization_id=None) -> dict[date, int]:
    sql, params = unit_completions_sql(
        by="month", since=period.start, organization_id=organization_id
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def unit_completions_by_user(*, organization_id) -> dict[int, int]:
    sql, params = unit_completions_sql(by="user", organization_id=organization_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def learning(period: Period, *, organization_id=None) -> DataTable:
    """Enrolments, units completed and courses completed each month."""
    enrollments = Enrollment.objects.all()
    if organization_id is not None:
        enrollments = enrollments.filter(user__organization_id=organization_id)
    enrolled = monthly(
        enrollments.filter(enrolled_at__gte=period.start), "enrolled_at", n=Count("pk")
    )
    completed = monthly(
        enrollments.filter(completed_at__gte=period.start), "completed_at", n=Count("pk")
    )
    units = unit_completions_by_month(period, organization_id=organization_id)
    rows = [
        [
            month,
            enrolled.get(month, {}).get("n", 0),
            units.get(month, 0),
            completed.get(month, {}).get("n", 0),
        ]
        for month in period.months
    ]
    return DataTable(
        slug="learning",
        title=_("Enrolments and completions"),
        description=_("Course enrolments, units completed and courses completed each month"),
        columns=[
            Column(_("Month"), "month"),
            Column(_("Enrolments")),
            Column(_("Units completed")),
            Column(_("Courses completed")),
        ],
        rows=rows,
    )
