"""Print, as JSON, the pages bench/web.py drives: path, a session cookie for signed-in pages,
the status, and, measured here with the test client: the queries one request makes when it is
rendered (the page cache off) and when it is served from the page cache, and the median time of
an uncached render, so that the benchmark shows what a cache miss costs as well as a hit."""

import json
import statistics
import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from devtools import loaddata
from roots import pagecache


def _session_for(email: str) -> str:
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _pages():
    """(name, path or callable returning one, signed-in e-mail or None). Pages whose app is not
    there yet are skipped."""
    from courses.models import Lesson

    yield "home", reverse("home"), None
    yield "catalogue", reverse("courses:catalogue"), None
    lesson = (
        Lesson.objects.select_related("unit__course").order_by("unit__number", "position").first()
    )
    if lesson:
        yield "lesson (signed in)", lesson.get_absolute_url(), "practitioner@example.org"
    yield "learner dashboard", reverse("learn:dashboard"), "practitioner@example.org"
    yield from _group_pages()
    yield from _extra_pages()


def _group_pages():
    """The largest group's facilitator dashboard and the busiest discussion board: a demo group
    on the small data, the generated 200-member group and 500-post board on the large data."""
    if not apps.is_installed("groups"):
        return
    group, facilitator = loaddata.largest_group()
    if facilitator:
        yield (
            "facilitator dashboard",
            reverse("groups:dashboard", args=[group.slug]),
            facilitator.email,
        )
    board, member = loaddata.busiest_board()
    if member:
        yield "discussion board", board.get_absolute_url(), member.email


def _extra_pages():
    for name, url_name, who in [
        ("resources list", "resources:list", None),
        ("reports list", "coalition:report_list", None),
        ("search", "search", None),
    ]:
        try:
            path = reverse(url_name)
        except NoReverseMatch:
            continue
        if url_name == "search":
            path += "?q=racism+health"
        yield name, path, who


RENDERS = 15


def _timed(client, path) -> float:
    start = time.perf_counter()
    client.get(path)
    return (time.perf_counter() - start) * 1000


class Command(BaseCommand):
    help = "List the benchmarked pages with their query counts (used by bench/web.py)."

    def handle(self, *args, **options):
        listed = list(_pages())
        # Every sign-in first: signing in saves the user, which sets new page-cache versions for
        # them and their groups; pages measured after it stay cached for the benchmark's run.
        sessions = {email: _session_for(email) for _name, _path, email in listed if email}
        pages = []
        for name, path, email in listed:
            client = Client()
            if email:
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[email]
            with pagecache.disabled():
                client.get(path)  # warm the other caches, as a server would be
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
                queries = len(captured)  # now: the next request empties the query log
                render_ms = statistics.median(_timed(client, path) for _ in range(RENDERS))
            client.get(path)
            client.get(path)  # stored in the page cache (group pages learn the group's id first)
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            cached_queries = len(captured)
            pages.append(
                {
                    "name": name,
                    "path": path,
                    "session": sessions.get(email, ""),
                    "status": response.status_code,
                    "queries": queries,
                    "cached_queries": cached_queries,
                    "render_ms": round(render_ms, 1),
                }
            )
        self.stdout.write(json.dumps(pages))
