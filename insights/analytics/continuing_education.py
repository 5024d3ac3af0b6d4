"""Continuing education: certificates issued and course evaluations.

Continuing-education hours follow the certificates app's transcript: issued certificates count
(expired ones too: the hours were earned), revoked and unfinished ones do not.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from courses.certificates.models import Certificate, CreditType, EvaluationAnswer

from ..charts import Column, DataTable
from .periods import Period, month_key


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
