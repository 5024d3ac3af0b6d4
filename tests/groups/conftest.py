from datetime import timedelta

import pytest
from django.utils import timezone

from groups import services
from roots.celery import app as celery_app
from tests.courses.factories import build_course
from tests.factories import UserFactory

from .factories import MembershipFactory


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks queued on commit run at once, in the test's process."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def course(db):
    return build_course(units=3, lessons=2, questions=1)


@pytest.fixture
def facilitator(db):
    """An established account (in good standing: verified, more than a day old)."""
    return UserFactory(
        verified=True,
        full_name="Farah Facilitator",
        date_joined=timezone.now() - timedelta(days=30),
    )


@pytest.fixture
def group(course, facilitator):
    return services.group_create(
        creator=facilitator,
        course=course,
        name="Lakeside brown-bag group",
        kind="local_hd",
        state="IL",
        description="We meet over lunch to discuss each unit.",
        meeting_cadence="Second Tuesday of each month, 12:00",
    )


@pytest.fixture
def member(group):
    return MembershipFactory(group=group, user__full_name="Pat Member").user


@pytest.fixture
def outsider(db):
    return UserFactory(verified=True, full_name="Olive Outsider")
