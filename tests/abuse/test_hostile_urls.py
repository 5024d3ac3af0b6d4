"""Every URL of the site, generated from the URL configuration, asked with hostile input: each
path converter filled with what no link of the site carries (a NUL, invalid UTF-8, an encoded
surrogate or bidi override, numbers past any database column, the calendar's edges), and every
GET parameter the views read (found in their source and in the forms they bind to the query
string) set to junk, to the calendar's edges, or to filters that match nothing. Asked as an
anonymous visitor, a learner and staff: a page, a redirect or a 4xx, never a server error.

The other converters of a URL name a real object the user may see, so that the hostile value
reaches the view rather than stopping at another converter; the GET parameters are sent to the
real object's URL, so that they reach the code that reads them."""

import importlib
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

# Percent-encoded, as they travel in a request line.
HOSTILE_SEGMENTS = [
    "%00",
    "%FF%FE",  # not UTF-8
    "%ED%A0%80",  # a UTF-16 surrogate, encoded (not valid UTF-8)
    "%E2%80%AEevil",  # right-to-left override
    "9" * 30,  # past any integer column
    "9999-12-31T23%3A59",
]
# Each sent as the value of every parameter at once.
HOSTILE_VALUES = [
    "\udcff",  # stands for a byte that is not UTF-8, sent raw (below)
    "9" * 30,
    "-1",
    "0001-01-01",
    "9999-12-31T23:59",
    "junk'\"<x>\u202e",
]
# The admin's URLs all lead to the same few views, which read the admin's own parameters: fewer
# values there, or the admin alone would take minutes.
ADMIN_SEGMENTS = ["%00", "%FF%FE", "9" * 30]
ADMIN_PARAMETERS = ["q", "o", "p", "e", "_changelist_filters", "_popup", "_to_field", "next"]

ROOT = Path(__file__).resolve().parents[2]
VIEW_SOURCES = [
    path
    for app in ("roots", "courses", "groups", "resources", "coalition", "insights")
    for path in (ROOT / app).rglob("*.py")
    if "migrations" not in path.parts
]


def _parameter_names() -> list[str]:
    """The query-string parameters the views read: `request.GET.get("x")`, `request.GET["x"]`,
    and the fields of every form bound to `request.GET`."""
    names = {"page", "q", "type", "next", "o", "p", "e", "_changelist_filters"}
    form_names = set()
    for path in VIEW_SOURCES:
        source = path.read_text()
        names |= set(re.findall(r"\.GET(?:\.get|\.getlist)?[(\[]\s*[\"'](\w+)[\"']", source))
        form_names |= set(re.findall(r"(\w+Form)\(\s*request\.GET", source))
    for module_name in (
        "roots.forms",
        "courses.forms",
        "courses.certificates.forms",
        "groups.forms",
        "resources.forms",
        "coalition.forms",
    ):
        module = importlib.import_module(module_name)
        for form_name in form_names:
            form_class = getattr(module, form_name, None)
            if isinstance(form_class, type) and issubclass(form_class, forms.BaseForm):
                names |= set(form_class.base_fields)
    return sorted(names)


PARAMETERS = _parameter_names()


def _walk(patterns, prefix=(), namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, (*prefix, entry.pattern), full)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield (*prefix, entry.pattern), name


PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")


def _template(patterns) -> str:
    parts = []
    for pattern in patterns:
        text = str(pattern)
        if isinstance(pattern, RegexPattern):
            text = text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        parts.append(text)
    return "/" + "".join(parts)


def _placeholders(template: str) -> list[str]:
    return [m.group("name") or m.group("group") for m in PLACEHOLDER.finditer(template)]


def _fill(template: str, values: dict[str, str]) -> str:
    def one(match):
        return values.get(match.group("name") or match.group("group"), "x")

    return PLACEHOLDER.sub(one, template)


ROUTES = sorted(
    {
        (_template(patterns), name)
        for patterns, name in _walk(get_resolver().url_patterns)
        if "media/" not in _template(patterns) and "static/" not in _template(patterns)
    }
)


class World:
    """One of every object, which the learner and staff may see: the real values of the other
    converters of a URL."""

    def __init__(self):
        from courses.certificates.models import Transcript
        from tests.certificates.factories import CreditOfferingFactory
        from tests.certificates.test_views import issued
        from tests.coalition.factories import (
            EventFactory,
            GoalFactory,
            PageFactory,
            ReportCommentFactory,
            ReportFactory,
        )
        from tests.courses.factories import CheckAttemptFactory, EnrollmentFactory, build_course
        from tests.groups.factories import (
            InvitationFactory,
            LearningGroupFactory,
            MembershipFactory,
            PostFactory,
            SessionFactory,
        )
        from tests.insights.factories import OrganizationAdministratorFactory
        from tests.resources.factories import ResourceFactory

        organization = OrganizationFactory()
        self.staff = UserFactory(
            verified=True, staff=True, is_superuser=True, time_zone="America/Chicago"
        )
        self.learner = UserFactory(verified=True, organization=organization, time_zone="Asia/Tokyo")
        OrganizationAdministratorFactory(organization=organization, user=self.learner)
        course = build_course(units=1, lessons=1, questions=1, title="Marking the roots")
        unit = course.units.get()
        self.course, self.unit, self.lesson = course, unit, unit.lessons.get()
        CreditOfferingFactory(rules__course=course)
        EnrollmentFactory(user=self.learner, course=course)
        self.attempt = CheckAttemptFactory(user=self.learner, unit=unit)
        self.certificate = issued(learner=self.learner, course=course)
        self.transcript = Transcript.objects.create(learner=self.learner)
        group = LearningGroupFactory(course=course, organization=organization)
        self.group = group
        MembershipFactory(group=group, user=self.staff, facilitator=True)
        self.membership = MembershipFactory(group=group, user=self.learner)
        self.invitation = InvitationFactory(
            group=group, email=self.learner.email, invited_by=self.staff
        )
        self.session = SessionFactory(group=group)
        self.post = PostFactory(thread__board__group=group, author=self.learner)
        self.resource = ResourceFactory()
        self.report = ReportFactory(published=True)
        self.comment = ReportCommentFactory(report=self.report, status="pending")
        self.page = PageFactory()
        self.goal = GoalFactory()
        self.event = EventFactory()
        self.organization = organization

    def kwargs(self, name: str, template: str) -> dict[str, str]:
        """Real, percent-encoded values for the converters of the route `name`."""
        values = {}
        for key in _placeholders(template):
            values[key] = quote(str(self._value(name, key)), safe="")
        return values

    def _value(self, name: str, key: str):
        namespace, _, short = name.rpartition(":")
        if namespace.startswith("admin"):
            return 1 if key == "object_id" else "roots"
        if key == "slug" and (
            namespace in {"courses", "certificates"} or short == "staff_course_learners"
        ):
            return self.course.slug
        if key == "slug" and namespace == "groups":
            return self.group.slug
        if key == "slug":
            if short.startswith("page"):
                return self.page.slug
            if short.startswith("event"):
                return self.event.slug
            return self.report.slug
        if key == "number":
            return self.goal.number if namespace == "coalition" else self.unit.number
        table = {
            "attempt_id": self.attempt.pk,
            "lesson_slug": self.lesson.slug,
            "code": self.certificate.code if namespace == "certificates" else self.group.join_code,
            "token": (
                self.invitation.token if short == "invitation" else self.membership.calendar_token
            ),
            "board_key": "general",
            "catalog_number": self.resource.catalog_number,
            "action": "approve",
            "to": "in_review",
            "table": "learning",
        }
        if key in table:
            return table[key]
        if key != "pk":
            return "x"
        if short.startswith("transcript"):
            return self.transcript.pk
        if namespace == "certificates":
            return self.certificate.pk
        if short.startswith("member"):
            return self.membership.pk
        if short.startswith("session"):
            return self.session.pk
        if short.startswith("thread"):
            return self.post.thread.pk
        if short.startswith("post"):
            return self.post.pk
        if short.startswith("comment"):
            return self.comment.pk
        if namespace == "insights":
            return self.organization.pk
        return self.report.pk


def _query(value: str, names) -> str:
    encoded = "%FF" if value == "\udcff" else quote(value, safe="")
    return "&".join(f"{name}={encoded}" for name in names)


# A NUL is answered before any view (roots.middleware): one query is enough to show it.
QUERIES = [_query(value, PARAMETERS) for value in HOSTILE_VALUES] + ["page=%00&q=%00"]
ADMIN_QUERIES = [_query(value, ADMIN_PARAMETERS) for value in HOSTILE_VALUES[:3]]


def _search_queries() -> list[str]:
    """A word found in some kinds of things, narrowed to each kind in turn: most kinds have no
    match while others do."""
    from roots import search

    return [f"q=health&type={source.key}" for source in search.sources()] + [
        "q=health&type=nothing",
        "q=health&page=99999",
    ]


def _failures(role, method, url, reached=None):
    response = method(url)
    if reached is not None and response.status_code != 404:
        reached.add(url.partition("?")[0])
    if response.status_code < 500:
        return []
    exc = getattr(response, "exc_info", None)
    error = exc[1] if exc else None
    return [f"{role}: {method.__name__.upper()} {url[:200]} -> {response.status_code} {error!r}"]


def _clients(world, client_factory):
    anonymous = client_factory()
    learner = client_factory()
    learner.force_login(world.learner)
    staff = client_factory()
    staff.force_login(world.staff)
    for client in (anonymous, learner, staff):
        client.raise_request_exception = False
    return {"anonymous": anonymous, "learner": learner, "staff": staff}


def _area(name: str) -> str:
    namespace = name.partition(":")[0] if ":" in name else ""
    if namespace == "admin":
        return "admin"
    if namespace:
        return namespace
    return "accounts-and-core"


AREAS = sorted({_area(name) for _template_, name in ROUTES})


@pytest.fixture
def no_rate_limits(settings):
    # Hundreds of requests a minute from one person; the limits have tests of their own.
    settings.ACCOUNT_RATE_LIMITS = False
    settings.RATE_LIMITS = {}


@pytest.fixture
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.usefixtures("no_rate_limits", "_media_in_tmp")
@pytest.mark.parametrize("area", AREAS)
def test_every_url_answers_hostile_input_without_a_server_error(area):
    from django.test import Client

    world = World()
    clients = _clients(world, Client)
    failures, reached, urls = [], set(), set()
    admin = area == "admin"
    for template, name in ROUTES:
        if _area(name) != area:
            continue
        real = world.kwargs(name, template)
        url = _fill(template, real)
        urls.add(url)
        queries = ADMIN_QUERIES if admin else QUERIES
        if name == "search":
            queries = queries + _search_queries()
        for role, client in clients.items():
            signed_in_by_staff = role == "staff"
            # The admin sends everyone else to its sign-in: one query shows it.
            for query in queries if signed_in_by_staff or not admin else queries[:1]:
                failures += _failures(role, client.get, f"{url}?{query}", reached)
            # POST-only views read their converters only when posted to: posted as staff, who
            # may reach the most of them.
            methods = (client.get, client.post) if signed_in_by_staff else (client.get,)
            for key in real:
                for segment in ADMIN_SEGMENTS if admin else HOSTILE_SEGMENTS:
                    hostile = _fill(template, {**real, key: segment})
                    for method in methods:
                        failures += _failures(role, method, hostile)
    assert not failures, "\n".join(failures)
    # The real objects were found, so the parameters reached the code that reads them.
    assert urls - reached == set()


def test_the_parameters_views_read_are_found():
    assert {"page", "q", "type", "months", "unit", "state", "status", "start", "end"} <= set(
        PARAMETERS
    )
