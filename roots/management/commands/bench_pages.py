"""Print, as JSON, the pages bench/web.py drives: path, a session cookie for signed-in pages,
the status and the number of queries one request makes (measured here with the test client)."""

import json

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from roots import loaddata


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


class Command(BaseCommand):
    help = "List the benchmarked pages with their query counts (used by bench/web.py)."

    def handle(self, *args, **options):
        sessions = {}
        pages = []
        for name, path, email in _pages():
            client = Client()
            if email:
                sessions.setdefault(email, _session_for(email))
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[email]
            client.get(path)  # warm caches, as a server would be
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            pages.append(
                {
                    "name": name,
                    "path": path,
                    "session": sessions.get(email, ""),
                    "status": response.status_code,
                    "queries": len(queries),
                }
            )
        self.stdout.write(json.dumps(pages))
