import pytest

from devtools.demo import groups as groups_demo
from devtools.demo import roots as roots_demo
from groups.models import Attendance, LearningGroup, Membership, Post, Session, Thread
from groups.selectors import group_progress
from tests.courses.factories import build_course

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (LearningGroup, Membership, Session, Attendance, Thread, Post)
    }


def test_demo_groups_are_seeded_once_like_the_real_ones():
    build_course(units=5, lessons=2, questions=1)
    roots_demo.seed(log=lambda line: None)
    groups_demo.seed(log=lambda line: None)
    first = _counts()
    groups_demo.seed(log=lambda line: None)
    assert _counts() == first

    kinds = set(LearningGroup.objects.values_list("kind", flat=True))
    assert kinds == {"local_hd", "university", "community"}
    county = LearningGroup.objects.get(kind="local_hd")
    roles = dict(county.memberships.values_list("user__email", "role"))
    assert roles["facilitator@example.org"] == "facilitator"
    assert roles["practitioner@example.org"] == "member"
    assert county.sessions.count() == 5
    past = [s for s in county.sessions.all() if s.attendances.exists()]
    assert len(past) >= 3
    assert Thread.objects.filter(board__group=county).count() >= 3
    assert (
        Post.objects.filter(thread__board__group=county).count()
        > Thread.objects.filter(board__group=county).count()
    )
    # The facilitator's grid shows time for the members who made progress.
    grid = group_progress(county)
    assert any(row.engaged_seconds > 0 for row in grid.rows)


def test_demo_without_a_course_skips_with_a_message():
    lines = []
    roots_demo.seed(log=lambda line: None)
    groups_demo.seed(log=lines.append)
    assert not LearningGroup.objects.exists()
    assert "skipped" in lines[0]
