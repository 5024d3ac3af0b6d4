import pytest

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Uploaded PDFs and covers go to a fresh folder per test, never to the development media.
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def facilitator(db):
    """A user who facilitates a learning group."""
    from tests.groups.factories import MembershipFactory

    user = UserFactory(verified=True, full_name="Farah Facilitator")
    MembershipFactory(user=user, facilitator=True)
    return user


@pytest.fixture
def worker(django_capture_on_commit_callbacks):
    """`with worker():` runs what the block queues once it "commits", as the Celery worker
    would (eagerly, in this process): covers are drawn by a task, never by the request."""
    from roots.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield lambda: django_capture_on_commit_callbacks(execute=True)
    app.conf.task_always_eager = previous
