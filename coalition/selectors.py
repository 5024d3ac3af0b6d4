"""Reads for the coalition's pages, each shaped so that its template runs no further query."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Event, Goal, GoalUpdate, Partner, Report, ReportComment, ReportRevision

PUBLIC_REPORT_FIELDS = [
    "pk",
    "title",
    "slug",
    "year",
    "summary",
    "cover",
    "cover_alt",
    "pdf",
    "state",
    "published_at",
    "updated_at",
]


def report_list_public() -> QuerySet[Report]:
    return Report.objects.published().only(*PUBLIC_REPORT_FIELDS).order_by("-published_at", "-pk")


def report_list_manage(*, state: str = "") -> QuerySet[Report]:
    reports = Report.objects.select_related("created_by").annotate(
        pending_comments=Count("comments", filter=Q(comments__status=ReportComment.Status.PENDING))
    )
    if state:
        reports = reports.filter(state=state)
    return reports.order_by("-updated_at", "-pk")


def report_state_counts() -> dict[str, int]:
    rows = Report.objects.order_by().values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in rows}


def report_for_page(*, slug: str) -> Report | None:
    return Report.objects.prefetch_related("sections").filter(slug=slug).first()


def report_comments_for(*, report: Report, user) -> list[ReportComment]:
    """Approved replies, and the viewer's own that still wait for moderation."""
    visible = Q(status=ReportComment.Status.APPROVED)
    if user.is_authenticated:
        visible |= Q(status=ReportComment.Status.PENDING, author=user)
    return list(
        report.comments.filter(visible)
        .select_related("author")
        .only("pk", "report", "body", "status", "created_at", "author__full_name")
    )


def report_revisions(*, report: Report) -> QuerySet[ReportRevision]:
    return report.revisions.select_related("actor").order_by("-created_at", "-pk")


def report_feed_items(*, limit: int = 20) -> QuerySet[Report]:
    return report_list_public()[:limit]


def comment_queue(*, status: str = ReportComment.Status.PENDING) -> QuerySet[ReportComment]:
    return (
        ReportComment.objects.filter(status=status)
        .select_related("report", "author")
        .order_by("created_at", "pk")
    )


def comment_pending_count() -> int:
    return ReportComment.objects.pending().count()


def goal_list() -> QuerySet[Goal]:
    return Goal.objects.prefetch_related(
        Prefetch("updates", queryset=GoalUpdate.objects.order_by("-date", "-pk"))
    ).order_by("number")


def partner_list(*, tier: str = "", sector: str = "") -> QuerySet[Partner]:
    partners = Partner.objects.all()
    if tier:
        partners = partners.filter(tier=tier)
    if sector:
        partners = partners.filter(sector=sector)
    return partners.order_by("name", "pk")


def partner_counts(*, tier: str = "", sector: str = "") -> dict:
    """How many partners each filter choice would show, given the other filter; one query."""
    in_sector = Q(sector=sector) if sector else Q()
    in_tier = Q(tier=tier) if tier else Q()
    aggregates = {"all": Count("pk", filter=in_tier & in_sector)}
    for value in Partner.Tier.values:
        aggregates[f"tier_{value}"] = Count("pk", filter=Q(tier=value) & in_sector)
    for value in Partner.Sector.values:
        aggregates[f"sector_{value}"] = Count("pk", filter=Q(sector=value) & in_tier)
    totals = Partner.objects.aggregate(**aggregates)
    return {
        "all": totals["all"],
        "tiers": [(value, label, totals[f"tier_{value}"]) for value, label in Partner.Tier.choices],
        "sectors": [
            (value, label, totals[f"sector_{value}"]) for value, label in Partner.Sector.choices
        ],
    }


def events_upcoming(*, now, limit: int | None = None) -> QuerySet[Event]:
    events = Event.objects.upcoming(now)
    return events[:limit] if limit else events


def events_past(*, now) -> QuerySet[Event]:
    return Event.objects.past(now)
