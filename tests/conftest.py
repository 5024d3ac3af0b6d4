import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    return


@pytest.fixture
def practitioner(db):
    return factories.UserFactory(verified=True)


@pytest.fixture
def unverified_user(db):
    return factories.UserFactory(unverified=True)


@pytest.fixture
def editor(db):
    return factories.editor()


@pytest.fixture
def publisher(db):
    return factories.publisher()


@pytest.fixture
def staff_user(db):
    return factories.UserFactory(verified=True, staff=True)


@pytest.fixture
def superuser(db):
    return factories.UserFactory(verified=True, staff=True, is_superuser=True)
