"""An organization's roll-up, for the people who administer it: its learning groups, its
people's enrolments, completions and continuing-education hours, by month and by person.

"Its people" are the accounts whose organization it is (`User.organization`); nothing here
reads about anyone else. A group of the organization may have members from elsewhere: they are
counted in the group's size, never named.
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.certificates.models import Certificate
from courses.models import Enrollment, LessonCompletion
from groups.models import LearningGroup, Membership
from roots.models import Organization, User
from roots.permissions import is_staff

from .analytics.activity import group_activity
from .analytics.completions import learning, unit_completions_by_user
from .analytics.periods import Period, month_key
from .charts import Column, DataTable


def organizations_for(user) -> QuerySet[Organization]:
    """The organizations this user administers; staff see every organization."""
    organizations = Organization.objects.all()
    if not is_staff(user):
        organizations = organizations.filter(administrators__user=user)
    return organizations.annotate(member_count=Count("people", distinct=True)).order_by("name")


def _count(queryset, field="pk") -> Subquery:
    return Coalesce(
        Subquery(
            queryset.order_by().values(field).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def organization_members(organization: Organization) -> QuerySet[User]:
    """The organization's people with their enrolments, courses and lessons completed, and the
    contact hours of their issued certificates (as on their transcript)."""
    hours = (
        Certificate.objects.issued()
        .filter(learner=OuterRef("pk"))
        .order_by()
        .values("learner")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return (
        User.objects.filter(organization=organization)
        .annotate(
            enrollment_count=_count(Enrollment.objects.filter(user=OuterRef("pk")), "user"),
            courses_completed=_count(
                Enrollment.objects.filter(user=OuterRef("pk"), completed_at__isnull=False), "user"
            ),
            lessons_completed=_count(LessonCompletion.objects.filter(user=OuterRef("pk")), "user"),
            certificate_count=_count(
                Certificate.objects.issued().filter(learner=OuterRef("pk")), "learner"
            ),
            ce_hours=Coalesce(Subquery(hours), Decimal(0), output_field=DecimalField()),
        )
        .order_by("full_name", "email")
    )


def member_table(members, *, units_by_user: dict[int, int]) -> DataTable:
    columns = [
        Column(_("Name"), "text"),
        Column(_("E-mail"), "text"),
        Column(_("Discipline"), "text"),
        Column(_("Enrolments")),
        Column(_("Lessons completed")),
        Column(_("Units completed")),
        Column(_("Courses completed")),
        Column(_("Certificates")),
        Column(_("CE hours"), "hours"),
    ]
    rows = [
        [
            member.full_name,
            member.email,
            member.get_discipline_display(),
            member.enrollment_count,
            member.lessons_completed,
            units_by_user.get(member.pk, 0),
            member.courses_completed,
            member.certificate_count,
            member.ce_hours,
        ]
        for member in members
    ]
    return DataTable(
        slug="members",
        title=_("People"),
        description=_("Each person of the organization and what they completed"),
        columns=columns,
        rows=rows,
    )


def ce_hours(period: Period, *, organization_id: int) -> DataTable:
    """Certificates issued to the organization's people each month and their contact hours."""
    table = DataTable(
        slug="ce-hours",
        title=_("Continuing-education hours"),
        description=_("Contact hours of the certificates issued each month"),
    )
    rows = (
        Certificate.objects.issued()
        .filter(issued_on__gte=period.first_day, learner__organization_id=organization_id)
        .annotate(month=TruncMonth("issued_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"), hours=Sum("hours"))
    )
    by_month = {month_key(row["month"]): row for row in rows}
    table.columns = [
        Column(_("Month"), "month"),
        Column(_("CE hours"), "hours"),
        Column(_("Certificates"), charted=False),
    ]
    table.rows = [
        [
            month,
            by_month[month]["hours"] if month in by_month else Decimal(0),
            by_month[month]["n"] if month in by_month else 0,
        ]
        for month in period.months
    ]
    return table


def organization_groups(organization: Organization) -> QuerySet[LearningGroup]:
    active = Q(memberships__status=Membership.Status.ACTIVE)
    return (
        LearningGroup.objects.filter(organization=organization)
        .select_related("course")
        .annotate(
            member_count=Count("memberships", filter=active, distinct=True),
            own_member_count=Count(
                "memberships",
                filter=active & Q(memberships__user__organization=organization),
                distinct=True,
            ),
            sessions_held=Count(
                "sessions", filter=Q(sessions__starts_at__lte=timezone.now()), distinct=True
            ),
        )
        .order_by("name")
    )


def group_table(groups) -> DataTable:
    return DataTable(
        slug="group-list",
        title=_("Learning groups"),
        description=_("The organization's learning groups"),
        columns=[
            Column(_("Group"), "text"),
            Column(_("Course"), "text"),
            Column(_("Members")),
            Column(_("Of them from this organization")),
            Column(_("Sessions held")),
        ],
        rows=[
            [
                group.name,
                group.course.title,
                group.member_count,
                group.own_member_count,
                group.sessions_held,
            ]
            for group in groups
        ],
    )


# The roll-up's tables by month, in page order; each is also a CSV.
MONTHLY_TABLES = {
    "learning": learning,
    "ce-hours": ce_hours,
    "groups": group_activity,
}


def monthly_tables(organization: Organization, period: Period) -> list[DataTable]:
    return [build(period, organization_id=organization.pk) for build in MONTHLY_TABLES.values()]


def organization_csv_table(organization: Organization, period: Period, slug: str):
    """One table of the roll-up, whole (not a page of it), for its CSV; None for a bad slug."""
    if slug == "members":
        return member_table(
            organization_members(organization),
            units_by_user=unit_completions_by_user(organization_id=organization.pk),
        )
    if slug == "group-list":
        return group_table(organization_groups(organization))
    build = MONTHLY_TABLES.get(slug)
    return build(period, organization_id=organization.pk) if build else None
