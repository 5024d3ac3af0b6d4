"""Groups and the library: sessions held, and the most downloaded resources."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Session
from resources.models import DownloadCount

from ..charts import Column, DataTable
from .periods import Period, monthly

TOP_DOWNLOADS = 10


def group_activity(period: Period, *, organization_id=None) -> DataTable:
    """Sessions held each month (started before now), the groups that held them, and the
    attendance recorded at them."""
    sessions = Session.objects.filter(starts_at__gte=period.start, starts_at__lte=timezone.now())
    if organization_id is not None:
        sessions = sessions.filter(group__organization_id=organization_id)
    by_month = monthly(
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
