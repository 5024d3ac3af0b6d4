"""Site search: units, lessons, resources, reports, events and goals, in one ranked list.

Each searched model keeps a weighted `search_vector` (title A, summary B, body C; see
`roots.fulltext`) in an indexed column that the database maintains, so a search reads the GIN
indexes and never scans text. A search runs in a fixed number of queries whatever the data:

1. the number of matches of each kind (one UNION ALL of six counts);
2. the kind, id and rank of the page's matches (one UNION ALL, ordered by rank);
3. per kind present on the page, its rows with highlighted title and snippet (at most six).

Only what the searching user may see is ever searched: the visibility rules are the apps' own
(`courses.permissions`, `resources.permissions`, `coalition.permissions`), applied as filters.
Lessons of published courses are found by everyone; their page asks visitors to sign in and
enrol, as it does when reached from the course page.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    Count,
    F,
    Func,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from coalition.models import Event, Goal, Report, ReportSection
from coalition.permissions import can_edit_coalition
from courses.models import Course, Lesson, Unit
from courses.permissions import can_preview
from resources.models import Resource
from resources.permissions import can_manage_resources, is_in_audience

from .fulltext import SEARCH_CONFIG

MAX_QUERY_LENGTH = 200
PER_PAGE = 20

# ts_headline wraps matches in these; they cannot come from a form (control characters), so after
# the snippet is HTML-escaped they are the only thing turned into markup.
_START, _STOP = "\x02", "\x03"
_MARKED = re.compile(f"{_START}(.*?){_STOP}", re.DOTALL)


def highlight(text: str) -> SafeString:
    """Escape everything, then turn the matches ts_headline marked into <mark> elements."""
    escaped = _MARKED.sub(r"<mark>\1</mark>", escape(text))
    return mark_safe(escaped.replace(_START, "").replace(_STOP, ""))  # noqa: S308 - escaped above


class PlainText(Func):
    """Markdown and HTML punctuation blanked out, so a snippet reads as prose."""

    function = "regexp_replace"
    template = r"%(function)s(%(expressions)s, '<[^>]*>|\]\([^)]*\)|[#*_`>|~\[\]]+', ' ', 'g')"
    output_field = TextField()


def _joined(*fields) -> Concat:
    parts = []
    for name in fields:
        parts += [Coalesce(F(name), Value(""), output_field=TextField()), Value(" ")]
    return Concat(*parts[:-1], output_field=TextField())


def _report_text():
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
        _joined("summary", "key_findings"),
        Value(" "),
        Coalesce(Subquery(sections), Value(""), output_field=TextField()),
        output_field=TextField(),
    )


# Visibility: the rows of each kind this user may see, by the owning app's rules.


def _visible_units(user) -> QuerySet:
    courses = Course.objects.all() if can_preview(user) else Course.objects.published()
    return Unit.objects.filter(course__in=courses)


def _visible_lessons(user) -> QuerySet:
    courses = Course.objects.all() if can_preview(user) else Course.objects.published()
    return Lesson.objects.filter(unit__course__in=courses)


def resource_audiences(user) -> list[str]:
    """The audiences whose resources this user may download (resources.permissions' rule)."""
    return [
        audience
        for audience in Resource.Audience.values
        if is_in_audience(user, Resource(audience=audience))
    ]


def _visible_resources(user) -> QuerySet:
    resources = (
        Resource.objects.all() if can_manage_resources(user) else Resource.objects.published()
    )
    return resources.filter(audience__in=resource_audiences(user))


def _visible_reports(user) -> QuerySet:
    return Report.objects.all() if can_edit_coalition(user) else Report.objects.published()


def _visible_events(user) -> QuerySet:
    return Event.objects.all()


def _visible_goals(user) -> QuerySet:
    return Goal.objects.all()


@dataclass(frozen=True)
class SearchKind:
    """One kind of thing the search finds."""

    key: str
    label: str
    singular: str
    model: type[Model]
    visible: Callable[..., QuerySet]
    snippet_text: Callable[[], object]
    related: tuple[str, ...] = ()


KINDS = [
    SearchKind(
        "unit",
        _("Units"),
        _("Unit"),
        Unit,
        _visible_units,
        lambda: _joined("guiding_question", "overview"),
        ("course",),
    ),
    SearchKind(
        "lesson",
        _("Lessons"),
        _("Lesson"),
        Lesson,
        _visible_lessons,
        lambda: _joined("body", "transcript"),
        ("unit__course",),
    ),
    SearchKind(
        "resource",
        _("Resources"),
        _("Resource"),
        Resource,
        _visible_resources,
        lambda: F("summary"),
    ),
    SearchKind("report", _("Reports"), _("Report"), Report, _visible_reports, _report_text),
    SearchKind(
        "event",
        _("Events"),
        _("Event"),
        Event,
        _visible_events,
        lambda: F("description"),
    ),
    SearchKind(
        "goal",
        _("Goals"),
        _("Goal"),
        Goal,
        _visible_goals,
        lambda: F("description"),
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class SearchHit:
    kind: SearchKind
    obj: Model
    rank: float
    title: SafeString
    snippet: SafeString

    @property
    def url(self) -> str:
        return self.obj.get_absolute_url()


@dataclass
class SearchResults:
    query: str
    kind: SearchKind | None
    counts: dict[str, int]
    page: Page | None = None
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def facets(self) -> list[tuple[SearchKind, int]]:
        return [(kind, self.counts.get(kind.key, 0)) for kind in KINDS]


def parse_query(text: str) -> SearchQuery:
    """Web-search syntax ("quoted phrases", or, -excluded), stemmed like the stored vectors;
    never a syntax error, whatever the visitor types."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def _matching(kind: SearchKind, user, query: SearchQuery) -> QuerySet:
    return kind.visible(user).filter(search_vector=query).order_by()


def _counts(kinds: list[SearchKind], user, query: SearchQuery) -> dict[str, int]:
    parts = [
        _matching(kind, user, query)
        .annotate(kind_key=Value(kind.key, output_field=CharField()))
        .values("kind_key")
        .annotate(n=Count("pk"))
        .values_list("kind_key", "n")
        for kind in kinds
    ]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    counts = {kind.key: 0 for kind in kinds}
    counts.update(dict(combined))
    return counts


class _RankedMatches:
    """(kind, id, rank) of the matches, best first, fetched one page at a time; its count is
    the sum of the counts already known, so the paginator asks the database nothing more."""

    def __init__(self, kinds: list[SearchKind], user, query: SearchQuery, total: int):
        parts = [
            _matching(kind, user, query)
            .annotate(
                kind_key=Value(kind.key, output_field=CharField()),
                ident=F("pk"),
                rank=SearchRank(F("search_vector"), query),
            )
            .values_list("kind_key", "ident", "rank")
            for kind in kinds
        ]
        combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        self.queryset = combined.order_by("-rank", "kind_key", "ident")
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        return list(self.queryset[index])


def _hits(rows, query: SearchQuery) -> list[SearchHit]:
    """The page's rows, loaded kind by kind with their highlighted title and snippet."""
    options = {
        "config": SEARCH_CONFIG,
        "start_sel": _START,
        "stop_sel": _STOP,
    }
    ids_by_kind: dict[str, list[int]] = {}
    for key, ident, _rank in rows:
        ids_by_kind.setdefault(key, []).append(ident)
    loaded: dict[tuple[str, int], Model] = {}
    for key, ids in ids_by_kind.items():
        kind = KINDS_BY_KEY[key]
        objects = (
            kind.model.objects.filter(pk__in=ids)
            .select_related(*kind.related)
            .defer("search_vector")
            .annotate(
                title_marked=SearchHeadline("title", query, highlight_all=True, **options),
                snippet_marked=SearchHeadline(
                    PlainText(kind.snippet_text()),
                    query,
                    max_words=35,
                    min_words=15,
                    **options,
                ),
            )
        )
        for obj in objects:
            loaded[(key, obj.pk)] = obj
    hits = []
    for key, ident, rank in rows:
        obj = loaded.get((key, ident))
        if obj is None:  # deleted between the two queries
            continue
        hits.append(
            SearchHit(
                kind=KINDS_BY_KEY[key],
                obj=obj,
                rank=rank,
                title=highlight(obj.title_marked),
                snippet=highlight(obj.snippet_marked),
            )
        )
    return hits


def site_search(*, user, text: str, kind_key: str = "", page_number=1) -> SearchResults:
    """What `user` may see that matches `text`, best first, one page at a time. `kind_key`
    narrows the list to one kind; the counts of every kind are always given."""
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    kind = KINDS_BY_KEY.get(kind_key)
    if not text:
        return SearchResults(query="", kind=kind, counts={})
    query = parse_query(text)
    counts = _counts(KINDS, user, query)
    kinds = [kind] if kind else [k for k in KINDS if counts[k.key]]
    results = SearchResults(query=text, kind=kind, counts=counts)
    total = sum(counts[k.key] for k in kinds)
    if not total:
        return results
    paginator = Paginator(_RankedMatches(kinds, user, query, total), PER_PAGE)
    results.page = paginator.get_page(page_number)
    results.hits = _hits(results.page.object_list, query)
    return results
