"""Site search: every kind of thing the feature apps registered (`roots.search`), in one ranked
list.

Each source's rows keep a weighted `search_vector` (title A, summary B, body C; see
`roots.fulltext`) in an indexed column that the database maintains, so a search reads the GIN
indexes and never scans text. A search runs in a fixed number of queries whatever the data:

1. the number of matches of each kind (one UNION ALL of one count per source);
2. the kind, id and rank of the page's matches (one UNION ALL, ordered by rank);
3. per kind present on the page, its rows with highlighted title and snippet.

Only what the searching user may see is ever searched: each source's `visible(user)` applies
its app's own rules as a filter before matching.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, F, Func, Model, QuerySet, TextField, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from roots import search as registry
from roots.fulltext import SEARCH_CONFIG
from roots.search import SearchSource

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


@dataclass(frozen=True)
class SearchHit:
    kind: SearchSource
    obj: Model
    rank: float
    title: SafeString
    snippet: SafeString

    @property
    def url(self) -> str:
        return self.kind.url(self.obj)


@dataclass
class SearchResults:
    query: str
    kind: SearchSource | None
    counts: dict[str, int]
    page: Page | None = None
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def facets(self) -> list[tuple[SearchSource, int]]:
        return [(kind, self.counts.get(kind.key, 0)) for kind in registry.sources()]


def parse_query(text: str) -> SearchQuery:
    """Web-search syntax ("quoted phrases", or, -excluded), stemmed like the stored vectors;
    never a syntax error, whatever the visitor types."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def _vector(kind: SearchSource):
    return F(kind.vector) if isinstance(kind.vector, str) else kind.vector


def _matching(kind: SearchSource, user, query: SearchQuery) -> QuerySet:
    return kind.visible(user).alias(found_by=_vector(kind)).filter(found_by=query).order_by()


def _union(parts: list[QuerySet]) -> QuerySet:
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def _counts(kinds: list[SearchSource], user, query: SearchQuery) -> dict[str, int]:
    parts = [
        _matching(kind, user, query)
        .annotate(kind_key=Value(kind.key, output_field=CharField()))
        .values("kind_key")
        .annotate(n=Count("pk"))
        .values_list("kind_key", "n")
        for kind in kinds
    ]
    counts = {kind.key: 0 for kind in kinds}
    if parts:
        counts.update(dict(_union(parts)))
    return counts


class _RankedMatches:
    """(kind, id, rank) of the matches, best first, fetched one page at a time; its count is
    the sum of the counts already known, so the paginator asks the database nothing more."""

    def __init__(self, kinds: list[SearchSource], user, query: SearchQuery, total: int):
        parts = [
            _matching(kind, user, query)
            .annotate(
                kind_key=Value(kind.key, output_field=CharField()),
                ident=F("pk"),
                rank=SearchRank(_vector(kind), query),
            )
            .values_list("kind_key", "ident", "rank")
            for kind in kinds
        ]
        self.queryset = _union(parts).order_by("-rank", "kind_key", "ident")
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        return list(self.queryset[index])


def _load(kind: SearchSource, ids: list[int], query: SearchQuery) -> QuerySet:
    """The rows of one kind on the page, with their highlighted title and snippet."""
    options = {"config": SEARCH_CONFIG, "start_sel": _START, "stop_sel": _STOP}
    rows = kind.model.objects.filter(pk__in=ids).select_related(*kind.related)
    if isinstance(kind.vector, str):
        rows = rows.defer(kind.vector)
    return rows.annotate(
        title_marked=SearchHeadline(kind.title, query, highlight_all=True, **options),
        snippet_marked=SearchHeadline(
            PlainText(kind.snippet()), query, max_words=35, min_words=15, **options
        ),
    )


def _hits(rows, query: SearchQuery) -> list[SearchHit]:
    """The page's rows, loaded kind by kind with their highlighted title and snippet."""
    ids_by_kind: dict[str, list[int]] = {}
    for key, ident, _rank in rows:
        ids_by_kind.setdefault(key, []).append(ident)
    loaded: dict[tuple[str, int], Model] = {}
    for key, ids in ids_by_kind.items():
        for obj in _load(registry.source(key), ids, query):
            loaded[(key, obj.pk)] = obj
    hits = []
    for key, ident, rank in rows:
        obj = loaded.get((key, ident))
        if obj is None:  # deleted between the two queries
            continue
        hits.append(
            SearchHit(
                kind=registry.source(key),
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
    kind = registry.source(kind_key)
    if not text:
        return SearchResults(query="", kind=kind, counts={})
    query = parse_query(text)
    sources = registry.sources()
    counts = _counts(sources, user, query)
    kinds = [kind] if kind else [k for k in sources if counts[k.key]]
    results = SearchResults(query=text, kind=kind, counts=counts)
    if not results.total:
        return results
    # Matches of other kinds but none of the chosen one: an empty page, which says so.
    total = sum(counts[k.key] for k in kinds)
    paginator = Paginator(_RankedMatches(kinds, user, query, total), PER_PAGE)
    results.page = paginator.get_page(page_number)
    results.hits = _hits(results.page.object_list, query)
    return results
