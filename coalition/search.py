"""What the coalition offers to the site search: its reports (published ones; every state for
those who edit the coalition's pages), events and goals (public)."""

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import F, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from roots.fulltext import joined_text
from roots.search import SearchSource

from .models import Event, Goal, Report, ReportSection
from .permissions import can_edit_coalition


def visible_reports(user) -> QuerySet[Report]:
    return Report.objects.all() if can_edit_coalition(user) else Report.objects.published()


def report_text() -> Concat:
    """A report's summary, key findings and every section (heading and body, in order)."""
    sections = (
        ReportSection.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(
            text=StringAgg(
                Concat("heading", Value(" "), "body", output_field=TextField()),
                delimiter=" ",
                order_by=("position", "pk"),
            )
        )
        .values("text")
    )
    return Concat(
        joined_text("summary", "key_findings"),
        Value(" "),
        Coalesce(Subquery(sections), Value(""), output_field=TextField()),
        output_field=TextField(),
    )


SOURCES = [
    SearchSource(
        key="report",
        label=_("Reports"),
        singular=_("Report"),
        model=Report,
        visible=visible_reports,
        snippet=report_text,
        template="coalition/report_search_hit.html",
    ),
    SearchSource(
        key="event",
        label=_("Events"),
        singular=_("Event"),
        model=Event,
        visible=lambda user: Event.objects.all(),
        snippet=lambda: F("description"),
        template="coalition/event_search_hit.html",
    ),
    SearchSource(
        key="goal",
        label=_("Goals"),
        singular=_("Goal"),
        model=Goal,
        visible=lambda user: Goal.objects.all(),
        snippet=lambda: F("description"),
        template="coalition/goal_search_hit.html",
    ),
]
