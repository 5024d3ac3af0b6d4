"""The per-person page cache (roots.pagecache.cache_personal_page): a signed-in page is served
from the cache only to the person it was rendered for, and never after a row it shows changed."""

import pytest
from django.contrib import messages
from django.test import Client
from django.urls import reverse

from courses import services as course_services
from groups import services as group_services
from roots import pagecache
from tests.courses.factories import EnrollmentFactory, build_course
from tests.factories import UserFactory
from tests.groups.factories import MembershipFactory
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def learner(db):
    return UserFactory(verified=True, full_name="Lee Learner")


@pytest.fixture
def course(learner):
    course = build_course(units=2, lessons=2)
    EnrollmentFactory(user=learner, course=course)
    return course


def _lesson(course, unit=1, position=1):
    return course.units.get(number=unit).lessons.get(position=position)


def test_second_visit_to_a_lesson_is_served_without_querying_the_lesson(
    learner, course, django_assert_max_num_queries
):
    client = _signed_in(learner)
    url = _lesson(course).get_absolute_url()
    first = client.get(url)
    with django_assert_max_num_queries(2):  # the session and the user, as on every page
        second = client.get(url)
    assert second.status_code == 200
    assert b"Mark complete" in first.content
    assert b"Mark complete" in second.content


def test_marking_a_lesson_complete_shows_on_the_next_visit(learner, course):
    client = _signed_in(learner)
    lesson = _lesson(course)
    client.get(lesson.get_absolute_url())
    course_services.lesson_complete(user=learner, lesson=lesson)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "You completed this lesson." in page
    assert "Mark complete" not in page


def test_saved_reflection_shows_on_the_next_visit(learner, course):
    lesson = _lesson(course)
    lesson.reflection_prompt = "What did you notice?"
    lesson.save()
    client = _signed_in(learner)
    client.get(lesson.get_absolute_url())
    course_services.reflection_save(user=learner, lesson=lesson, text="Housing comes first.")
    assert b"Housing comes first." in client.get(lesson.get_absolute_url()).content


def test_an_editor_changing_the_lesson_shows_at_once(learner, course):
    client = _signed_in(learner)
    lesson = _lesson(course)
    client.get(lesson.get_absolute_url())
    lesson.body = "Redlining shaped today's neighbourhoods."
    lesson.save()
    assert b"Redlining shaped" in client.get(lesson.get_absolute_url()).content


def test_two_learners_never_see_each_others_page(learner, course):
    other = UserFactory(verified=True, full_name="Oona Other")
    EnrollmentFactory(user=other, course=course)
    lesson = _lesson(course)
    course_services.lesson_complete(user=learner, lesson=lesson)
    mine = _signed_in(learner).get(lesson.get_absolute_url()).content.decode()
    theirs = _signed_in(other).get(lesson.get_absolute_url()).content.decode()
    assert "Lee Learner" in mine
    assert "Oona Other" not in mine
    assert "Oona Other" in theirs
    assert "Lee Learner" not in theirs
    assert "You completed this lesson." not in theirs


def test_learner_dashboard_follows_progress(learner, course):
    client = _signed_in(learner)
    before = client.get(reverse("learn:dashboard")).content.decode()
    assert "Start" in before
    course_services.lesson_complete(user=learner, lesson=_lesson(course))
    after = client.get(reverse("learn:dashboard")).content.decode()
    assert "Resume" in after


def test_a_message_shown_once_is_not_shown_again_from_the_cache(learner, course):
    client = _signed_in(learner)
    lesson = _lesson(course)
    client.post(reverse("courses:lesson_complete", args=[course.slug, 1, lesson.slug]))
    shown = client.get(lesson.get_absolute_url()).content.decode()
    again = client.get(lesson.get_absolute_url()).content.decode()
    assert "Lesson marked complete." in shown
    assert "Lesson marked complete." not in again


def test_a_message_added_while_rendering_is_not_stored(rf, learner):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    calls = []

    @pagecache.cache_personal_page()
    def view(request):
        calls.append(1)
        messages.info(request, "Just this once")
        return HttpResponse("page")

    for _ in range(2):
        request = rf.get("/a-page/")
        request.user = learner
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        view(request)
    assert len(calls) == 2


def test_pages_are_rendered_fresh_when_the_cache_is_off(learner, course):
    client = _signed_in(learner)
    url = _lesson(course).get_absolute_url()
    client.get(url)
    with pagecache.disabled():
        lesson = _lesson(course)
        lesson.__class__.objects.filter(pk=lesson.pk).update(body="Changed behind its back.")
        assert b"Changed behind its back." in client.get(url).content


def test_staff_status_change_shows_at_once(learner, course):
    client = _signed_in(learner)
    url = _lesson(course).get_absolute_url()
    assert b"Preview as learner" not in client.get(url).content
    learner.is_staff = True
    learner.save()
    assert b"Preview as learner" in client.get(url).content


# Learning groups: the facilitator dashboard and a discussion board


@pytest.fixture
def group(db):
    facilitator = UserFactory(verified=True, full_name="Farah Facilitator")
    return group_services.group_create(
        creator=facilitator,
        course=build_course(units=2, lessons=1, questions=1),
        name="Lakeside",
        kind="local_hd",
    )


def _facilitator(group):
    return group.memberships.get(role="facilitator").user


def _cached(client, url):
    """Visit twice: the first visit learns the group's id, the second is stored."""
    client.get(url)
    return client.get(url)


def test_group_page_is_served_from_the_cache(group, django_assert_max_num_queries):
    client = _signed_in(_facilitator(group))
    url = reverse("groups:dashboard", args=[group.slug])
    _cached(client, url)
    with django_assert_max_num_queries(2):
        assert b"Farah Facilitator" in client.get(url).content


def test_facilitator_dashboard_follows_a_members_progress(group):
    member = MembershipFactory(group=group, user__full_name="Pat Member").user
    EnrollmentFactory(user=member, course=group.course)
    client = _signed_in(_facilitator(group))
    url = reverse("groups:dashboard", args=[group.slug])
    before = _cached(client, url).content.decode()
    unit = group.course.units.get(number=1)
    course_services.lesson_complete(user=member, lesson=unit.lessons.first())
    after = client.get(url).content.decode()
    assert "Pat Member" in before
    assert before != after
    assert after.count("In progress") > before.count("In progress")


def test_facilitator_dashboard_shows_a_new_member_at_once(group):
    client = _signed_in(_facilitator(group))
    url = reverse("groups:dashboard", args=[group.slug])
    _cached(client, url)
    MembershipFactory(group=group, user__full_name="Nia Newcomer")
    assert b"Nia Newcomer" in client.get(url).content


def test_board_shows_another_members_new_thread_at_once(group):
    member = MembershipFactory(group=group).user
    board = group.boards.get(unit=None)
    client = _signed_in(member)
    _cached(client, board.get_absolute_url())
    group_services.thread_create(
        board=board, author=_facilitator(group), title="Lunch topics", body="Ideas?"
    )
    assert b"Lunch topics" in client.get(board.get_absolute_url()).content


def test_removed_member_is_refused_not_served_the_cached_board(group):
    membership = MembershipFactory(group=group)
    board = group.boards.get(unit=None)
    client = _signed_in(membership.user)
    assert _cached(client, board.get_absolute_url()).status_code == 200
    group_services.membership_remove(membership=membership, removed_by=_facilitator(group))
    assert client.get(board.get_absolute_url()).status_code == 404


def test_a_new_facilitator_sees_the_dashboard_once_promoted(group):
    membership = MembershipFactory(group=group)
    client = _signed_in(membership.user)
    url = reverse("groups:dashboard", args=[group.slug])
    assert _cached(client, url).status_code == 403
    group_services.membership_promote(membership=membership)
    assert client.get(url).status_code == 200


# Search


def test_anonymous_search_is_cached_and_follows_publishing(django_assert_num_queries):
    resource = ResourceFactory(title="Zoning guide")
    url = reverse("search") + "?q=zoning"
    assert b"guide</a>" in Client().get(url).content
    with django_assert_num_queries(0):
        assert b"guide</a>" in Client().get(url).content
    resource.published = False
    resource.save()
    assert b"guide</a>" not in Client().get(url).content


def test_signed_in_search_is_cached_per_person(learner):
    ResourceFactory(facilitators=True, title="Zoning facilitator guide")
    url = reverse("search") + "?q=zoning"
    client = _signed_in(learner)
    assert b"facilitator guide" not in client.get(url).content
    MembershipFactory(user=learner, facilitator=True)
    assert b"facilitator guide" in client.get(url).content
