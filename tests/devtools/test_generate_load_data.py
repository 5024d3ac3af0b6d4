import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from courses.certificates.models import Certificate, CertificateRevision
from courses.models import CheckAttempt, Enrollment, LessonCompletion, LessonTime
from devtools import loaddata
from groups.models import Board, LearningGroup, Membership, Post, Session, Thread
from roots.models import Organization, User
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def _generate(learners: int, **sizes) -> loaddata.Report:
    return loaddata.generate(
        loaddata.Sizes.for_learners(learners, **sizes), stream=io.StringIO(), chunk_rows=700
    )


def test_sizes_scale_from_the_number_of_learners_like_the_issue():
    sizes = loaddata.Sizes.for_learners(1_000_000)
    assert sizes.organizations == 25_000
    assert sizes.groups == 25_000
    assert sizes.certificates == 200_000
    assert sizes.posts == 500_000
    assert sizes.sessions == 5_000
    assert loaddata.Sizes.for_learners(2000, groups=7).groups == 7


def test_copy_value_escapes_what_copy_text_format_would_misread():
    assert loaddata.copy_value(None) == r"\N"
    assert loaddata.copy_value("a\tb\nc\\N\r") == "a\\tb\\nc\\\\N\\r"
    assert loaddata.copy_value(True) == "t"


def test_loader_copy_round_trips_hostile_text_and_moves_the_sequence(db):
    loader = loaddata.Loader(stream=io.StringIO())
    first = loader.next_id("roots_organization")
    name = "Tab\there, new\nline, back\\slash, \\N not null, ünïcode"
    loader.copy(
        "roots_organization",
        ("id", "name", "kind", "city", "state", "created_at"),
        iter([(first + 5, name, "other", "", "", "2026-01-01 00:00:00+00")]),
        1,
    )
    assert Organization.objects.get(pk=first + 5).name == name
    assert OrganizationFactory().pk == first + 6


def test_generate_load_data_without_the_demo_course_says_to_seed_first(db):
    with pytest.raises(RuntimeError, match="seed_demo"):
        _generate(10)


def test_generate_load_data_at_2000_learners_makes_the_issue_shaped_data(demo):
    users_before = User.objects.count()
    report = _generate(2000)

    assert User.objects.count() == users_before + 2000
    assert Organization.objects.filter(name__contains="Health").count() >= 50
    generated = User.objects.filter(email__endswith="@load.example.org")
    assert generated.count() == 2000
    assert EmailAddress.objects.filter(user__in=generated, verified=True).count() == 2000
    enrolled = Enrollment.objects.filter(user__in=generated).count()
    assert 1500 < enrolled < 1900  # most learners
    assert LessonCompletion.objects.filter(user__in=generated).count() > enrolled
    # Every completed lesson has plausible engaged time: 60-119% of its expected minutes.
    times = LessonTime.objects.filter(user__in=generated).select_related("lesson")
    assert times.count() == LessonCompletion.objects.filter(user__in=generated).count()
    assert all(
        0.6 <= row.seconds / (row.lesson.estimated_minutes * 60) < 1.2 for row in times[:200]
    )
    assert CheckAttempt.objects.filter(user__in=generated, passed=True).exists()
    groups = LearningGroup.objects.filter(slug__startswith="load-group-")
    assert groups.count() == 50
    largest = LearningGroup.objects.get(slug=report.largest_group_slug)
    assert Membership.objects.filter(group=largest, status="active").count() == 200
    assert Membership.objects.filter(group=largest, role="facilitator").count() == 1
    board = Board.objects.get(group=largest, unit=None)
    assert Post.objects.filter(thread__board=board).count() == 500
    assert report.busiest_board_url == board.get_absolute_url()
    assert Post.objects.filter(thread__board__group__in=groups).count() == 1000
    assert Session.objects.filter(group__in=groups).count() == 10
    assert report.counts["roots_user"] == 2000
    certificates = Certificate.objects.filter(learner__in=generated)
    assert 0 < certificates.count() <= 400
    assert not certificates.exclude(status="issued").exists()
    assert CertificateRevision.objects.filter(certificate__in=certificates).count() == (
        certificates.count()
    )
    finished = Enrollment.objects.filter(user__in=generated, completed_at__isnull=False)
    assert set(certificates.values_list("learner", flat=True)) <= set(
        finished.values_list("user", flat=True)
    )


def test_generate_load_data_keeps_unique_constraints_and_resets_sequences(demo):
    _generate(300)
    _generate(300)  # a second run appends above the first

    assert User.objects.filter(email__endswith="@load.example.org").count() == 600
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT email FROM roots_user GROUP BY email "
            "HAVING COUNT(*) > 1) dupes"
        )
        assert cursor.fetchone()[0] == 0
    newest = User.objects.order_by("-pk").first()
    assert UserFactory().pk > newest.pk
    assert LearningGroup.objects.order_by("-pk").first().pk < (
        LearningGroup.objects.create(
            name="Made after", slug="made-after", course=LearningGroup.objects.first().course
        ).pk
    )
    last_post = Post.objects.order_by("-pk").first()
    new_post = Post.objects.create(thread=last_post.thread, body="After", body_html="<p>After</p>")
    assert new_post.pk > last_post.pk
    assert Thread.objects.filter(board__group__slug__startswith="load-group-").exists()


def test_generated_learner_can_sign_in_with_the_shared_password(demo, client):
    _generate(50)
    user = User.objects.filter(email__endswith="@load.example.org").first()
    assert client.login(email=user.email, password=loaddata.PASSWORD)


def test_site_pages_render_with_generated_data(demo, client):
    report = _generate(600)
    group = LearningGroup.objects.get(slug=report.largest_group_slug)
    facilitator = Membership.objects.get(group=group, role="facilitator").user
    learner = LessonCompletion.objects.filter(user__email__endswith="@load.example.org")[0].user

    for path in (reverse("home"), reverse("courses:catalogue"), reverse("groups:list")):
        assert client.get(path).status_code == 200, path
    client.force_login(learner)
    assert client.get(reverse("learn:dashboard")).status_code == 200
    client.force_login(facilitator)
    for path in (
        reverse("groups:dashboard", args=[group.slug]),
        report.busiest_board_url,
        reverse("groups:detail", args=[group.slug]),
        reverse("groups:sessions", args=[group.slug]),
        reverse("groups:members", args=[group.slug]),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    thread = Thread.objects.filter(board__group=group).first()
    assert client.get(reverse("groups:thread", args=[group.slug, thread.pk])).status_code == 200
    certificate = Certificate.objects.filter(learner__email__endswith="@load.example.org")[0]
    client.force_login(certificate.learner)
    assert client.get(reverse("learn:dashboard")).status_code == 200
    assert client.get(certificate.get_absolute_url()).status_code == 200


def test_benchmarked_pages_answer_within_the_query_budget_and_hits_skip_the_database(demo):
    """What bench/web.py relies on: every page it drives answers 200 on generated data, renders
    in at most 12 queries, and, served from the page cache, queries at most the signed-in user."""
    import json

    _generate(600)
    out = io.StringIO()
    call_command("bench_pages", stdout=out)
    pages = {page["name"]: page for page in json.loads(out.getvalue())}
    assert set(pages) >= {
        "home",
        "catalogue",
        "lesson (signed in)",
        "learner dashboard",
        "facilitator dashboard",
        "discussion board",
        "resources list",
        "reports list",
        "search",
    }
    for name, page in pages.items():
        assert page["status"] == 200, name
        assert page["queries"] <= 12, name
        if not page["session"]:
            assert page["cached_queries"] == 0, name
        assert page["render_ms"] > 0, name
    assert pages["facilitator dashboard"]["path"].startswith("/groups/load-group-")
