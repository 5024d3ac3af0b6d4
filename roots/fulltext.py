"""The one full-text configuration of the site, shared by the models that keep a search vector
and by the search itself (a query must be parsed with the configuration its vectors were built
with, or stemmed words stop matching)."""

import operator
from collections.abc import Sequence
from functools import reduce

from django.contrib.postgres.search import SearchVector
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, Concat

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


def joined_text(*fields: str) -> Concat:
    """The text of `fields` as one string, separated by spaces (empty fields count as "")."""
    parts = []
    for name in fields:
        parts += [Coalesce(F(name), Value(""), output_field=TextField()), Value(" ")]
    return Concat(*parts[:-1], output_field=TextField())
