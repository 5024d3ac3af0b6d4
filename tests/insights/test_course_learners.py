"""Staff see every learner of a course with their units and their time on it: refused to
everyone else, safe with any page number, constant in queries."""

import pytest
from django.urls import reverse

from courses.models import Enrollment, Lesson
from tests.courses.factories import build_course, complete_unit, spend_time
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    return build_course(units=2, lessons=2, questions=1, title="Roots of Health Inequity")


def _url(course):
    return reverse("insights:staff_course_learners", args=[course.slug])


def test_course_learners_anonymous_is_sent_to_sign_in(client, course):
    response = client.get(_url(course))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_course_learners_is_not_found_for_a_learner(client, practitioner, course):
    client.force_login(practitioner)
    assert client.get(_url(course)).status_code == 404


def test_course_learners_unknown_course_is_not_found(client, staff_user):
    client.force_login(staff_user)
    url = reverse("insights:staff_course_learners", args=["no-such-course"])
    assert client.get(url).status_code == 404


def test_course_learners_shows_each_learners_units_and_time(client, staff_user, course):
    reader = UserFactory(verified=True, full_name="Robin Reader")
    idle = UserFactory(verified=True, full_name="Ida Idle")
    outsider = UserFactory(verified=True, full_name="Otto Outsider")  # not enrolled
    for user in (reader, idle):
        Enrollment.objects.create(user=user, course=course)
    complete_unit(reader, course.units.get(number=1))
    spend_time(reader, Lesson.objects.filter(unit__course=course), seconds=20 * 60)
    spend_time(outsider, Lesson.objects.filter(unit__course=course))
    client.force_login(staff_user)
    content = client.get(_url(course)).content.decode()
    assert "Robin Reader" in content
    assert "<td>1 h 20 min</td>" in content
    assert "Ida Idle" in content
    assert "<td>0 min</td>" in content
    assert "✓ Complete" in content
    assert "Otto Outsider" not in content


def test_staff_analytics_links_to_each_courses_learners(client, staff_user, course):
    client.force_login(staff_user)
    content = client.get(reverse("insights:staff_analytics")).content.decode()
    assert f'href="{_url(course)}"' in content


@pytest.mark.parametrize("page", ["0", "-1", "junk", "99999999999999999999", ""])
def test_course_learners_any_page_number_answers(client, staff_user, course, page):
    Enrollment.objects.create(user=UserFactory(verified=True), course=course)
    client.force_login(staff_user)
    assert client.get(_url(course), {"page": page}).status_code == 200


@pytest.mark.parametrize("learners", [3, 60])
def test_course_learners_queries_are_constant_in_learners(
    client, staff_user, learners, django_assert_max_num_queries
):
    course = build_course(units=3 if learners > 3 else 1, lessons=2, questions=1)
    lessons = list(Lesson.objects.filter(unit__course=course))
    for index in range(learners):
        user = UserFactory(verified=True)
        Enrollment.objects.create(user=user, course=course)
        spend_time(user, lessons[: index % len(lessons) + 1])
    client.force_login(staff_user)
    with django_assert_max_num_queries(9):
        response = client.get(_url(course))
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == min(learners, 50)
