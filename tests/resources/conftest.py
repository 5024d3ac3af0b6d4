import pytest

from resources import permissions
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Uploaded PDFs and covers go to a fresh folder per test, never to the development media.
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def facilitator(db, monkeypatch):
    """A user who facilitates a learning group. The groups app and its Membership model live on
    another branch, so the membership lookup is stood in for this one user."""
    user = UserFactory(verified=True, full_name="Farah Facilitator")
    real = permissions._facilitates_a_group
    monkeypatch.setattr(
        permissions, "_facilitates_a_group", lambda someone: someone.pk == user.pk or real(someone)
    )
    return user
