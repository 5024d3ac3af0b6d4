"""The one full-text configuration of the site, shared by the models that keep a search vector
and by the search itself (a query must be parsed with the configuration its vectors were built
with, or stemmed words stop matching)."""

import operator
from collections.abc import Sequence
from functools import reduce

from django.contrib.postgres.search import SearchVector

SEARCH_CONFIG = "english"


def weighted_vector(
    *, a: Sequence[str] = (), b: Sequence[str] = (), c: Sequence[str] = ()
) -> SearchVector:
    """A stored vector's expression: the fields in `a` weigh most (titles), then `b`
    (summaries), then `c` (bodies)."""
    parts = [
        SearchVector(*fields, weight=weight, config=SEARCH_CONFIG)
        for weight, fields in (("A", a), ("B", b), ("C", c))
        if fields
    ]
    return reduce(operator.add, parts)
