"""Accounts: new and verified accounts by month, and the staff page's key figures."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import LearningGroup, Membership
from roots.models import User

from ..charts import Column, DataTable
from .periods import Period, monthly


def registrations(period: Period) -> DataTable:
    """New accounts each month, how many of them verified their e-mail address, and the running
    total (which counts every earlier account too)."""
    by_month = monthly(
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
