"""Staff analytics: figures by month, counted by the database (TruncMonth with Count or Sum), one
query per table whatever the number of rows counted. Months are calendar months in the viewer's
time zone (the one the middleware activates), oldest first, with empty months shown as zeros.

Continuing-education hours follow the certificates app's transcript: issued certificates count
(expired ones too: the hours were earned), revoked and unfinished ones do not.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import connection
from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.certificates.models import Certificate, CreditType, EvaluationAnswer
from courses.models import CheckAttempt, CheckQuestion, Enrollment, Lesson, LessonCompletion, Unit
from groups.models import LearningGroup, Membership, Session
from resources.models import DownloadCount

from .charts import Column, DataTable
from .models import User

PERIODS = [6, 12, 24, 36]
DEFAULT_PERIOD = 12
TOP_DOWNLOADS = 10


@dataclass(frozen=True)
class Period:
    """The last `length` calendar months up to this one, in the current time zone."""

    length: int
    today: date

    @property
    def months(self) -> list[date]:
        index = self.today.year * 12 + self.today.month - 1
        return [date(i // 12, i % 12 + 1, 1) for i in range(index - self.length + 1, index + 1)]

    @property
    def first_day(self) -> date:
        return self.months[0]

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first_day, time.min))


def period_for(months) -> Period:
    try:
        length = int(months)
    except (TypeError, ValueError):
        length = DEFAULT_PERIOD
    if length not in PERIODS:
        length = DEFAULT_PERIOD
    return Period(length=length, today=timezone.localdate())


def month_key(value) -> date:
    """TruncMonth gives an aware datetime for a DateTimeField and a date for a DateField."""
    return value.date() if isinstance(value, datetime) else value


def _monthly(queryset, field: str, **aggregates) -> dict[date, dict]:
    rows = (
        queryset.annotate(month=TruncMonth(field)).order_by().values("month").annotate(**aggregates)
    )
    return {month_key(row.pop("month")): row for row in rows}


# Accounts


def registrations(period: Period) -> DataTable:
    """New accounts each month, how many of them verified their e-mail address, and the running
    total (which counts every earlier account too)."""
    by_month = _monthly(
        User.objects.all(),
        "date_joined",
        joined=Count("pk", distinct=True),
        verified=Count("pk", distinct=True, filter=Q(emailaddress__verified=True)),
    )
    before = sum(row["joined"] for month, row in by_month.items() if month < period.first_day)
    rows = []
    running = before
    for month in period.months:
        row = by_month.get(month, {"joined": 0, "verified": 0})
        running += row["joined"]
        share = round(100 * row["verified"] / row["joined"]) if row["joined"] else None
        rows.append([month, row["joined"], row["verified"], share, running])
    return DataTable(
        slug="accounts",
        title=_("New accounts"),
        description=_("Accounts created each month, and how many have a verified e-mail address"),
        columns=[
            Column(_("Month"), "month"),
            Column(_("New accounts")),
            Column(_("Verified e-mail")),
            Column(_("Verified share"), "percent", charted=False),
            Column(_("Accounts in all"), charted=False),
        ],
        rows=rows,
    )


# Learning


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
    enrolled = _monthly(
        enrollments.filter(enrolled_at__gte=period.start), "enrolled_at", n=Count("pk")
    )
    completed = _monthly(
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


# Continuing education


def certificates(period: Period, *, organization_id=None) -> DataTable:
    """Certificates issued each month, by credit type, and the contact hours they carry."""
    table = DataTable(
        slug="certificates",
        title=_("Certificates issued"),
        description=_("Certificates issued each month by credit type, with their contact hours"),
    )
    issued = Certificate.objects.issued().filter(issued_on__gte=period.first_day)
    if organization_id is not None:
        issued = issued.filter(learner__organization_id=organization_id)
    rows = (
        issued.annotate(month=TruncMonth("issued_on"))
        .order_by()
        .values("month", "credit_type")
        .annotate(n=Count("pk"), hours=Sum("hours"))
    )
    counts: dict[tuple[date, str], int] = {}
    hours: dict[date, float] = defaultdict(float)
    for row in rows:
        month = month_key(row["month"])
        counts[(month, row["credit_type"])] = row["n"]
        hours[month] += float(row["hours"] or 0)
    credit_types = CreditType.choices
    shown = [(value, label) for value, label in credit_types if any(k[1] == value for k in counts)]
    if not shown:
        shown = list(credit_types)
    short = {
        value: value.upper() if value != "completion" else _("Completion") for value, _l in shown
    }
    table.columns = [
        Column(_("Month"), "month"),
        *(Column(short[value]) for value, _label in shown),
        Column(_("Contact hours"), "hours", charted=False),
    ]
    table.rows = [
        [month, *(counts.get((month, value), 0) for value, _label in shown), hours.get(month, 0.0)]
        for month in period.months
    ]
    return table


def evaluation_results(period: Period) -> DataTable:
    """Course evaluations: per agreement statement, the answers given in the period, their
    average (1 to 5) and the share who agree (4 or 5)."""
    table = DataTable(
        slug="evaluations",
        title=_("Course evaluations"),
        description=_("Share of learners agreeing with each evaluation statement"),
    )
    rows = (
        EvaluationAnswer.objects.filter(
            rating__isnull=False, response__submitted_at__gte=period.start
        )
        .order_by()
        .values("item_id", "item__prompt", "item__position", "item__rules__course__title")
        .annotate(
            answers=Count("pk"),
            average=Avg("rating"),
            agree=Count("pk", filter=Q(rating__gte=4)),
        )
        .order_by("item__rules__course__title", "item__position", "item_id")
    )
    table.columns = [
        Column(_("Item"), "text"),
        Column(_("Statement"), "text"),
        Column(_("Course"), "text"),
        Column(_("Answers"), charted=False),
        Column(_("Average (1 to 5)"), "hours", charted=False),
        Column(_("Agree (4 or 5)"), "percent"),
    ]
    table.rows = [
        [
            f"Q{number}",
            row["item__prompt"],
            row["item__rules__course__title"],
            row["answers"],
            round(float(row["average"]), 1),
            round(100 * row["agree"] / row["answers"]),
        ]
        for number, row in enumerate(rows, start=1)
    ]
    return table


# Groups and the library


def group_activity(period: Period, *, organization_id=None) -> DataTable:
    """Sessions held each month (started before now), the groups that held them, and the
    attendance recorded at them."""
    sessions = Session.objects.filter(starts_at__gte=period.start, starts_at__lte=timezone.now())
    if organization_id is not None:
        sessions = sessions.filter(group__organization_id=organization_id)
    by_month = _monthly(
        sessions,
        "starts_at",
        sessions=Count("pk", distinct=True),
        groups=Count("group", distinct=True),
        attended=Count("attendances", filter=Q(attendances__attended=True)),
    )
    empty = {"sessions": 0, "groups": 0, "attended": 0}
    return DataTable(
        slug="groups",
        title=_("Learning group sessions"),
        description=_("Sessions held each month and the groups that met"),
        columns=[
            Column(_("Month"), "month"),
            Column(_("Sessions held")),
            Column(_("Groups that met")),
            Column(_("Attendances recorded"), charted=False),
        ],
        rows=[
            [
                month,
                *(by_month.get(month, empty)[key] for key in ("sessions", "groups", "attended")),
            ]
            for month in period.months
        ],
    )


def top_downloads(period: Period, *, limit: int = TOP_DOWNLOADS) -> DataTable:
    """The most downloaded resources in the period (a person or visitor counts once a day)."""
    rows = (
        DownloadCount.objects.filter(day__gte=period.first_day)
        .order_by()
        .values("resource__catalog_number", "resource__title")
        .annotate(
            total=Count("pk"),
            signed_in=Count("pk", filter=Q(user__isnull=False)),
        )
        .order_by("-total", "resource__catalog_number")[:limit]
    )
    return DataTable(
        slug="downloads",
        title=_("Most downloaded resources"),
        description=_("Downloads of the most downloaded resources"),
        columns=[
            Column(_("Catalog number"), "text"),
            Column(_("Title"), "text"),
            Column(_("Downloads")),
            Column(_("By signed-in users"), charted=False),
            Column(_("By visitors"), charted=False),
        ],
        rows=[
            [
                row["resource__catalog_number"],
                row["resource__title"],
                row["total"],
                row["signed_in"],
                row["total"] - row["signed_in"],
            ]
            for row in rows
        ],
    )


@dataclass(frozen=True)
class KeyFigures:
    accounts: int
    verified: int
    groups: int
    groups_met: int

    @property
    def verified_share(self) -> int | None:
        return round(100 * self.verified / self.accounts) if self.accounts else None


def key_figures(period: Period) -> KeyFigures:
    """Accounts and verified accounts (all time); learning groups with active members, and how
    many of them held a session in the period. Two queries."""
    users = User.objects.aggregate(
        accounts=Count("pk", distinct=True),
        verified=Count("pk", distinct=True, filter=Q(emailaddress__verified=True)),
    )
    met = Q(sessions__starts_at__gte=period.start, sessions__starts_at__lte=timezone.now())
    groups = LearningGroup.objects.filter(memberships__status=Membership.Status.ACTIVE).aggregate(
        groups=Count("pk", distinct=True),
        groups_met=Count("pk", distinct=True, filter=met),
    )
    return KeyFigures(
        accounts=users["accounts"],
        verified=users["verified"],
        groups=groups["groups"],
        groups_met=groups["groups_met"],
    )


# The staff page's tables, in page order; each is also a CSV at staff/analytics/<slug>.csv.
STAFF_TABLES = {
    "accounts": registrations,
    "learning": learning,
    "certificates": certificates,
    "groups": group_activity,
    "downloads": top_downloads,
    "evaluations": evaluation_results,
}


def staff_tables(period: Period) -> list[DataTable]:
    return [build(period) for build in STAFF_TABLES.values()]
