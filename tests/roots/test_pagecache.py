import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from roots import pagecache
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]{64})"')


def _anonymous():
    return Client(enforce_csrf_checks=True)


def test_public_list_is_served_from_the_cache_without_queries(django_assert_num_queries):
    ResourceFactory(title="Housing and health")
    client = _anonymous()
    first = client.get(reverse("resources:list"))
    with django_assert_num_queries(0):
        second = _anonymous().get(reverse("resources:list"))
    assert second.status_code == 200
    assert b"Housing and health" in first.content
    assert b"Housing and health" in second.content


def test_saving_a_resource_shows_at_once_on_the_cached_list():
    resource = ResourceFactory(title="Housing and health")
    _anonymous().get(reverse("resources:list"))
    resource.title = "Housing, land and health"
    resource.save()
    assert b"Housing, land and health" in _anonymous().get(reverse("resources:list")).content


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_page():
    pagecache.bump("catalogue")
    one, two = _anonymous(), _anonymous()
    first = one.get(reverse("courses:catalogue"))
    second = two.get(reverse("courses:catalogue"))
    tokens = [TOKEN.search(page.content.decode()).group(1) for page in (first, second)]
    assert tokens[0] != tokens[1]
    assert tokens[1] not in first.content.decode()
    assert "csrftoken" in second.cookies


def test_signed_in_visitors_never_get_the_anonymous_page(client, practitioner):
    _anonymous().get(reverse("coalition:report_list"))
    client.force_login(practitioner)
    response = client.get(reverse("coalition:report_list"))
    assert practitioner.full_name.encode() in response.content


def test_query_strings_are_cached_apart():
    ResourceFactory(title="Housing and health")
    ResourceFactory(title="Food and health")
    _anonymous().get(reverse("resources:list"))
    filtered = _anonymous().get(reverse("resources:list") + "?q=food")
    assert b"Food and health" in filtered.content
    assert b"Housing and health" not in filtered.content


def test_parameters_the_page_does_not_read_share_one_copy(django_assert_num_queries):
    ResourceFactory(title="Housing and health")
    _anonymous().get(reverse("resources:list") + "?q=housing")
    # Junk beside the parameters the list reads: the same page, not a new copy to store.
    with django_assert_num_queries(0):
        junk = _anonymous().get(reverse("resources:list") + "?q=housing&utm_source=x&zz=1")
    assert b"Housing and health" in junk.content
    with django_assert_num_queries(0):
        _anonymous().get(reverse("resources:list") + "?zz=2&q=housing")


def test_text_a_user_wrote_is_never_taken_for_the_csrf_token():
    from tests.coalition.factories import ReportFactory

    lookalike = 'name="csrfmiddlewaretoken" value="' + "A" * 64 + '" __roots_csrf_token__'
    ReportFactory(title=lookalike, published=True)
    one, two = _anonymous(), _anonymous()
    first = one.get(reverse("coalition:report_list")).content.decode()
    second = two.get(reverse("coalition:report_list")).content.decode()
    own = TOKEN.search(second).group(1)
    for page in (first, second):
        assert "A" * 64 in page
        assert "__roots_csrf_token__" in page
    assert own not in first
    assert second.count(own) == first.count(TOKEN.search(first).group(1))


def test_pending_messages_skip_the_cache(client, practitioner):
    _anonymous().get(reverse("courses:catalogue"))
    client.force_login(practitioner)
    client.post(reverse("account_logout"))
    response = client.get(reverse("courses:catalogue"))
    assert b"You have signed out" in response.content


def test_page_renders_when_the_cache_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "roots.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    ResourceFactory(title="Housing and health")
    response = _anonymous().get(reverse("resources:list"))
    assert response.status_code == 200
    assert b"Housing and health" in response.content


def test_course_outline_is_cached_until_an_editor_saves_a_lesson(django_assert_num_queries):
    from courses.selectors import course_outline
    from tests.courses.factories import LessonFactory

    lesson = LessonFactory(title="Looking inward")
    course_id = lesson.unit.course_id
    course_outline([course_id])
    with django_assert_num_queries(0):
        units = course_outline([course_id])
    assert [item.title for item in units[0].lessons] == ["Looking inward"]
    lesson.title = "Looking inward, then outward"
    lesson.save()
    units = course_outline([course_id])
    assert [item.title for item in units[0].lessons] == ["Looking inward, then outward"]
    assert units[0].lesson_urls == (lesson.get_absolute_url(),)


def test_signed_in_pages_are_never_cached_a_completion_shows_on_the_next_request(client):
    """No per-person copy exists: the learner's dashboard reads their progress every time."""
    from tests.courses.factories import EnrollmentFactory, LessonFactory, spend_time

    lesson = LessonFactory()
    enrollment = EnrollmentFactory(course=lesson.unit.course)
    spend_time(enrollment.user, [lesson])
    client.force_login(enrollment.user)
    dashboard = reverse("learn:dashboard")
    assert b"Start" in client.get(dashboard).content
    client.post(
        reverse(
            "courses:lesson_complete",
            args=[lesson.unit.course.slug, lesson.unit.number, lesson.slug],
        )
    )
    page = client.get(dashboard).content.decode()
    assert "Course complete." in page or "Resume" in page
    assert ">Start<" not in page


def test_home_for_anonymous_visitors_is_served_from_the_cache(django_assert_num_queries):
    _anonymous().get(reverse("home"))
    with django_assert_num_queries(0):
        response = _anonymous().get(reverse("home"))
    assert response.status_code == 200


def test_unknown_page_family_is_refused():
    with pytest.raises(ValueError, match="register_family"):
        pagecache.cache_anonymous_page("nowhere")


ANONYMOUS_PAGES = [
    ("home", "/"),
    ("catalogue", "/courses/"),
    ("resources", "/resources/"),
    ("reports", "/reports/"),
    ("search", "/search/?q=health"),
]
# Tables every page reads that are not content: the site's name, sessions, users.
NOT_CONTENT = {"django_site", "django_session", "roots_user"}


@pytest.mark.parametrize(("family", "path"), ANONYMOUS_PAGES)
def test_every_table_a_cached_page_reads_is_registered_with_its_family(family, path):
    """A model a cached public page shows but its family does not name would leave the page
    stale after an edit: each app must register what its pages show (register_family)."""
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("seed_demo", stdout=io.StringIO())
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        # A many-to-many table belongs to the model whose field it serves (its m2m signal).
        owner = model._meta.auto_created or model
        tables[model._meta.db_table] = owner._meta.label
    with pagecache.disabled(), CaptureQueriesContext(connection) as queries:
        assert _anonymous().get(path).status_code == 200
    read = {
        name
        for query in queries
        for name in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
        if name not in NOT_CONTENT
    }
    assert read, f"{path} read no content"
    assert {tables[name] for name in read} <= pagecache.FAMILIES[family]
