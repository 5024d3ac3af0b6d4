"""Large generated data sets for benchmarks and scale tests (`manage.py generate_load_data`).

Rows go in through PostgreSQL COPY (text format) in chunks, with explicit ids above each table's
current maximum; the identity sequences are moved past them afterwards, so the site keeps
creating rows normally. Everything random comes from one seeded generator: the same sizes and
seed give the same data (ids aside, when the database already held rows). The demo content must
be there first (`seed_demo`): learners enrol in the demo course and complete its lessons in order.

Sizes follow the number of learners (`Sizes.for_learners`); at 1,000,000 learners: 25,000
organizations, 25,000 groups (the largest with 200 members), 200,000 certificates, 500,000
discussion posts and 5,000 sessions. The steps are split by subject: `people` (organizations,
learners, progress, downloads), `groups` (groups, discussions, sessions), `certificates`.
"""

import random
from collections.abc import Callable
from datetime import UTC, datetime

from django.db import connection, transaction

from .certificates import issued_certificates
from .context import PASSWORD, Clock, Context, Sizes
from .groups import busiest_board, largest_group, learning_groups
from .loader import CHUNK_ROWS, Loader, Report, copy_value
from .people import downloads, learners, organizations, progress

__all__ = [
    "PASSWORD",
    "Loader",
    "Report",
    "Sizes",
    "busiest_board",
    "copy_value",
    "generate",
    "largest_group",
]


def generate(
    sizes: Sizes,
    *,
    seed: int = 20261125,
    stream=None,
    now: datetime | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Report:
    """Generate the data set; see the module docstring."""
    from courses.models import Course

    course = Course.objects.filter(slug="roots-of-health-inequity").first()
    if course is None:
        raise RuntimeError("Run `manage.py seed_demo` first: the load data uses the demo course.")
    loader = Loader(stream=stream, chunk_rows=chunk_rows)
    rng = random.Random(seed)  # noqa: S311 - repeatable data, not secrets
    clock = Clock(rng, now or datetime.now(tz=UTC))
    with connection.cursor() as cursor:
        # Lost rows on a crash are fine here; the speed is not.
        cursor.execute("SET synchronous_commit TO off")
    steps: list[Callable] = [
        organizations,
        learners,
        progress,
        downloads,
        learning_groups,
        issued_certificates,
    ]
    context = Context(sizes=sizes, rng=rng, clock=clock, loader=loader, course=course)
    for step in steps:
        with transaction.atomic():
            step(context)
    with connection.cursor() as cursor:
        for table in loader.report.counts:
            cursor.execute(f'ANALYZE "{table}"')
    return loader.report
