"""Every expensive request is limited per person (roots.ratelimit): each export the site builds
and each document it renders refuses the request past the limit with a 429 that names the limit,
says how long to wait and links back; other people, and the same person after the window, are
not held back; people the view refuses anyway are not counted."""

import pytest
from django.test import Client
from django.urls import reverse

from roots import ratelimit
from tests.certificates.factories import CreditRulesFactory
from tests.courses.factories import build_course
from tests.factories import UserFactory
from tests.groups.factories import LearningGroupFactory, MembershipFactory
from tests.insights.factories import OrganizationAdministratorFactory
from tests.roots.test_accounts import rate_limit_clock  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture
def clock(monkeypatch, rate_limit_clock):  # noqa: F811 - the fixture imported above
    """allauth's limiter's clock, moved by hand; roots.ratelimit reads the same one."""
    monkeypatch.setattr(ratelimit, "time", rate_limit_clock)
    return rate_limit_clock


@pytest.fixture(autouse=True)
def _low_limits(settings, tmp_path):
    settings.RATE_LIMITS = {"document": f"{LIMIT}/h/user", "export": f"{LIMIT}/h/user"}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    """Each export with someone who may use it: (name, url, back, user who may use it)."""
    course = build_course(units=1, lessons=1, questions=0)
    CreditRulesFactory(course=course)
    group = LearningGroupFactory(course=course)
    facilitator = UserFactory(verified=True)
    MembershipFactory(group=group, user=facilitator, facilitator=True)
    administrator = OrganizationAdministratorFactory().user
    organization = administrator.administered_organizations.get().organization
    # One person per export: the limit counts a person's exports of every kind together.
    staff = [UserFactory(verified=True, staff=True) for _ in range(3)]
    learners = [UserFactory(verified=True) for _ in range(2)]
    export = reverse("certificates:staff_export")
    evaluation = reverse("certificates:staff_evaluation", args=[course.slug])
    dashboard = reverse("groups:dashboard", args=[group.slug])
    roll_up = reverse("insights:organization_detail", args=[organization.pk])
    return [
        ("transcript CSV", reverse("certificates:transcript_csv"), None, learners[0]),
        ("journal Markdown", reverse("learn:journal_markdown"), None, learners[1]),
        (
            "certificate export",
            f"{export}?start=2026-01-01&end=2026-12-31&format=csv",
            f"{export}?start=2026-01-01&amp;end=2026-12-31",
            staff[0],
        ),
        ("evaluation CSV", f"{evaluation}csv/", evaluation, staff[1]),
        (
            "group progress CSV",
            reverse("groups:dashboard_csv", args=[group.slug]),
            dashboard,
            facilitator,
        ),
        (
            "analytics CSV",
            reverse("insights:staff_analytics_csv", args=["learning"]),
            reverse("insights:staff_analytics"),
            staff[2],
        ),
        (
            "organization CSV",
            reverse("insights:organization_csv", args=[organization.pk, "members"]),
            roll_up,
            administrator,
        ),
    ]


BACK = {
    "transcript CSV": "certificates:transcript",
    "journal Markdown": "learn:journal",
}


def test_every_export_refuses_past_the_limit_with_the_limit_the_wait_and_a_way_back(world):
    for label, url, back, user in world:
        client = Client()
        client.force_login(user)
        for _ in range(LIMIT):
            response = client.get(url)
            assert response.status_code == 200, label
            assert "attachment" in response["Content-Disposition"], label
        refused = client.get(url)
        assert refused.status_code == 429, label
        text = " ".join(refused.content.decode().split())
        assert f"You have downloaded {LIMIT} exports in the last 1 hour." in text, label
        assert "You can ask again in about 60 minutes." in text, label
        assert 3500 < int(refused["Retry-After"]) <= 3600, label
        assert f'href="{back or reverse(BACK[label])}"' in text, label
        assert 'role="alert"' in text, label
        # The limit is the person's: someone else allowed the same export (staff may use
        # each) still gets it.
        other = Client()
        other.force_login(UserFactory(verified=True, staff=True))
        assert other.get(url).status_code == 200, label


def test_export_allowed_again_once_the_window_has_passed(client, practitioner, clock):
    client.force_login(practitioner)
    url = reverse("certificates:transcript_csv")
    for _ in range(LIMIT):
        assert client.get(url).status_code == 200
    clock.now += 30 * 60
    refused = client.get(url)
    assert refused.status_code == 429
    assert "You can ask again in about 30 minutes." in " ".join(refused.text.split())
    clock.now += 30 * 60 + 1
    assert client.get(url).status_code == 200


def test_requests_the_view_refuses_anyway_are_not_counted(client, practitioner, world):
    _label, url, _back, staff = world[2]
    client.force_login(practitioner)
    for _ in range(LIMIT + 2):
        assert client.get(url).status_code == 404  # a learner never sees the staff export
    assert Client().get(url).status_code == 302  # a visitor is sent to sign in
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_exports_of_every_kind_count_together_and_documents_apart(
    client, practitioner, monkeypatch
):
    from courses.certificates import tasks

    monkeypatch.setattr(tasks.transcript_render_task, "apply_async", lambda **kwargs: None)
    client.force_login(practitioner)
    for _ in range(LIMIT):
        assert client.get(reverse("certificates:transcript_csv")).status_code == 200
    assert client.get(reverse("learn:journal_markdown")).status_code == 429
    assert client.post(reverse("certificates:transcript_pdf")).status_code == 302


def test_limits_fail_open_while_the_cache_is_unreachable(client, practitioner, settings):
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}
    }
    client.force_login(practitioner)
    for _ in range(LIMIT + 2):
        assert client.get(reverse("certificates:transcript_csv")).status_code == 200


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown rate-limited action"):
        ratelimit.limited("everything", back="home")
