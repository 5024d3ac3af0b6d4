"""Hostile input posted to the main views through the test client: a page with a form error,
a redirect or a 4xx, never a 500, and never markup that reaches a page unescaped."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import Reflection
from groups.models import Post, Thread
from roots.models import User

from .strategies import hostile_text

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Markup that would run if it reached a page as markup rather than as text.
LIVE_MARKUP = re.compile(rb"<script>alert|<img src=x onerror|<svg/onload|href='javascript:", re.I)


def assert_safe(response):
    assert response.status_code < 500, response.status_code
    if response.status_code == 200:
        assert not LIVE_MARKUP.search(response.content)


@pytest.fixture
def no_rate_limits(settings):
    # Fuzzing posts many times a minute; the limits themselves are tested below.
    settings.ACCOUNT_RATE_LIMITS = False


@FUZZ
@given(full_name=hostile_text(), number=st.integers(0, 10**9))
@pytest.mark.usefixtures("no_rate_limits")
def test_signup_with_hostile_name_is_refused_or_stored_as_text(client, full_name, number):
    email = f"fuzz{number}@example.org"
    response = client.post(
        reverse("account_signup"),
        {
            "email": email,
            "full_name": full_name,
            "password1": "a-Long-pass-4-fuzz",
            "password2": "a-Long-pass-4-fuzz",
        },
    )
    assert_safe(response)
    user = User.objects.filter(email=email).first()
    if user:
        assert "\x00" not in user.full_name
        assert_safe(client.get(reverse("home")))
        client.logout()


@FUZZ
@given(name=hostile_text(), credential=hostile_text(), org=hostile_text(), zone=hostile_text())
def test_profile_with_hostile_input_is_refused_or_stored_as_text(
    client, practitioner, name, credential, org, zone
):
    client.force_login(practitioner)
    response = client.post(
        reverse("profile"),
        {
            "full_name": name,
            "credential_number": credential,
            "discipline": "nurse",
            "time_zone": zone,
            "new_organization_name": org,
            "new_organization_kind": "other",
            "new_organization_city": org[:50],
            "new_organization_state": "IL",
        },
    )
    assert_safe(response)
    assert_safe(client.get(reverse("profile")))
    assert_safe(client.get(reverse("home")))


@pytest.fixture
def lesson(db):
    from tests.courses.factories import LessonFactory

    return LessonFactory()


@FUZZ
@given(text=hostile_text())
def test_reflection_with_hostile_text_is_refused_or_shown_as_text(
    client, practitioner, lesson, text
):
    client.force_login(practitioner)
    kwargs = {
        "slug": lesson.unit.course.slug,
        "number": lesson.unit.number,
        "lesson_slug": lesson.slug,
    }
    response = client.post(reverse("courses:reflection_save", kwargs=kwargs), {"text": text})
    assert_safe(response)
    assert_safe(client.get(lesson.get_absolute_url()))
    for reflection in Reflection.objects.filter(user=practitioner):
        assert "\x00" not in reflection.text


@pytest.fixture
def report(db):
    from tests.coalition.factories import ReportFactory

    return ReportFactory(published=True)


@FUZZ
@given(body=hostile_text())
def test_report_comment_with_hostile_body_is_refused_or_shown_as_text(
    client, practitioner, report, body
):
    client.force_login(practitioner)
    response = client.post(
        reverse("coalition:comment_create", kwargs={"slug": report.slug}), {"body": body}
    )
    assert_safe(response)
    assert_safe(client.get(report.get_absolute_url()))


@pytest.fixture
def thread(practitioner):
    from tests.groups.factories import MembershipFactory, ThreadFactory

    membership = MembershipFactory(user=practitioner)
    return ThreadFactory(board__group=membership.group, author=practitioner)


@FUZZ
@given(body=hostile_text(), title=hostile_text())
def test_group_posts_with_hostile_markdown_store_no_live_markup(
    client, practitioner, thread, body, title
):
    client.force_login(practitioner)
    group = thread.board.group
    response = client.post(
        reverse("groups:thread_reply", kwargs={"slug": group.slug, "pk": thread.pk}),
        {"body": body},
    )
    assert_safe(response)
    response = client.post(
        reverse("groups:thread_create", kwargs={"slug": group.slug, "board_key": "general"}),
        {"title": title, "body": body},
    )
    assert_safe(response)
    for post in Post.objects.filter(thread__board__group=group):
        assert not LIVE_MARKUP.search(post.body_html.encode()), post.body_html
        assert not re.search(r"<[^>]+\son\w+\s*=", post.body_html), post.body_html
    for made in Thread.objects.filter(board__group=group):
        assert_safe(
            client.get(reverse("groups:thread", kwargs={"slug": group.slug, "pk": made.pk}))
        )


def test_login_is_refused_after_repeated_failures_even_with_the_right_password(
    client, practitioner
):
    from tests.factories import PASSWORD

    for _ in range(6):
        client.post(reverse("account_login"), {"login": practitioner.email, "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": practitioner.email, "password": PASSWORD}
    )
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_signup_is_rate_limited_per_address(client):
    statuses = [
        client.post(
            reverse("account_signup"),
            {"email": f"burst{n}@example.org", "full_name": "Burst", "password1": "x"},
        ).status_code
        for n in range(25)
    ]
    assert statuses[0] == 200
    assert statuses[-1] == 429
