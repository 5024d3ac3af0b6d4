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


@pytest.fixture
def test_database_url(db):
    """A DATABASE_URL for subprocesses (workers, production-settings probes) that points at the
    test database of this run."""
    from urllib.parse import quote

    from django.db import connection

    settings_dict = connection.settings_dict
    host = quote(settings_dict["HOST"] or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    user = settings_dict["USER"] or "postgres"
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"
