"""The site search's registry: what each feature app lets people find.

The core knows no feature. An app describes each kind of thing it offers to the search as a
`SearchSource` (in its own `search.py`) and registers it from its `AppConfig.ready()`;
`insights.search` runs a query across every registered source. Sources are listed (the type
filter, the counts) in the order they registered, which is the order of INSTALLED_APPS.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.db.models.expressions import Combinable


def _absolute_url(obj: Model) -> str:
    return obj.get_absolute_url()


@dataclass(frozen=True)
class SearchSource:
    """One kind of thing the site search finds, as the app that owns it describes it.

    `visible(user)` is the queryset of `model` rows this user may find, by the app's own rules;
    it is applied before matching, so counts never reveal hidden rows. `vector` is what a query
    is matched against and ranked by: the name of a stored (indexed) search vector field, or an
    expression. A hit shows its `title` field highlighted, a snippet cut from the text
    `snippet()` returns (a fresh expression on each call), and links to `url(obj)`; `template`
    renders it, with `related` selected so that the template triggers no query."""

    key: str
    label: str
    singular: str
    model: type[Model]
    visible: Callable[..., QuerySet]
    snippet: Callable[[], Combinable]
    vector: str | Combinable = "search_vector"
    title: str = "title"
    url: Callable[[Model], str] = _absolute_url
    related: tuple[str, ...] = ()
    template: str = "components/search_hit.html"


_sources: dict[str, SearchSource] = {}


def register(*sources: SearchSource) -> None:
    """Offer `sources` to the site search. A key registered again is replaced in place."""
    for source in sources:
        _sources[source.key] = source


def sources() -> list[SearchSource]:
    return list(_sources.values())


def source(key: str) -> SearchSource | None:
    return _sources.get(key)
