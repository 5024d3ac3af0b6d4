"""Learning: enrolments, units completed and courses completed."""

from datetime import date

from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import Enrollment
from courses.selectors import unit_completions_sql
from roots.models import User

from ..charts import Column, DataTable
from .periods import Period, monthly


def _completions(organization_id) -> tuple[str, list]:
    """The courses app's units completed (`courses.selectors.unit_completions_sql`, where the
    rule is stated), by everyone or by the members of one organization."""
    learners = None
    if organization_id is not None:
        learners = User.objects.filter(organization_id=organization_id).values("pk")
    return unit_completions_sql(learners=learners)


def unit_completions_by_month(period: Period, *, organization_id=None) -> dict[date, int]:
    completions, params = _completions(organization_id)
    sql = f"""
        SELECT (date_trunc('month', completed_at AT TIME ZONE %s))::date AS month, COUNT(*)
        FROM ({completions}) AS completed WHERE completed_at >= %s GROUP BY 1
    """  # noqa: S608 - the SQL is the courses app's, values go in as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.get_current_timezone_name(), *params, period.start])
        return dict(cursor.fetchall())


def unit_completions_by_user(*, organization_id) -> dict[int, int]:
    completions, params = _completions(organization_id)
    sql = f"SELECT user_id, COUNT(*) FROM ({completions}) AS completed GROUP BY user_id"  # noqa: S608
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
