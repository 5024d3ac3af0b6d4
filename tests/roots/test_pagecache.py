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
    assert pagecache.PLACEHOLDER.encode() not in second.content
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
    assert [item.title for item in units[0].lessons.all()] == ["Looking inward"]
    lesson.title = "Looking inward, then outward"
    lesson.save()
    units = course_outline([course_id])
    assert [item.title for item in units[0].lessons.all()] == ["Looking inward, then outward"]


def test_home_for_anonymous_visitors_is_served_from_the_cache(django_assert_num_queries):
    _anonymous().get(reverse("home"))
    with django_assert_num_queries(0):
        response = _anonymous().get(reverse("home"))
    assert response.status_code == 200


def test_unknown_page_family_is_refused():
    with pytest.raises(ValueError, match="FAMILIES"):
        pagecache.cache_anonymous_page("nowhere")
