import os
from pathlib import Path

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.database import DirectoryBasedExampleDatabase

from tests import factories

# Property-based tests (tests/abuse) draw the same examples on every run unless told otherwise:
# the "ci" profile is derandomized (each test seeded from its own code), so a red run is a bug
# that shows again on the next run, never the luck of a draw. Hypothesis allows no example
# database with derandomize, so looking for new failures is a profile of its own:
# `HYPOTHESIS_PROFILE=explore .venv/bin/pytest tests/abuse` draws fresh random examples and keeps
# each failing one in .hypothesis/examples (git-ignored), replayed first on the next run there.
# A failure found that way goes into its test as an @example(...) (or, for tests drawing from
# st.data(), a plain regression test), so that the "ci" profile tries it every time.
hypothesis_settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "explore",
    database=DirectoryBasedExampleDatabase(
        Path(__file__).resolve().parent.parent / ".hypothesis" / "examples"
    ),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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


# Rows that data migrations create (beat schedules, the editors' permissions, the site's name).
# A transactional test (browser, worker) empties every table when it ends, so later tests would
# run without them; put them back before each database test, through the migrations' own code.
DATA_MIGRATIONS = [
    ("roots.migrations.0002_site_name", "name_site"),
    ("resources.migrations.0003_editors_group_permissions", "grant"),
    ("coalition.migrations.0002_publish_scheduled_reports_every_minute", "register"),
    ("groups.migrations.0002_session_reminders_schedule", "schedule"),
    ("courses.certificates.migrations.0002_periodic_tasks", "register"),
    ("courses.certificates.migrations.0004_accreditor_profiles", "seed"),
    ("courses.certificates.migrations.0006_live_credit", "partial_for_accme"),
]


@pytest.fixture(scope="session")
def _migration_state_apps(django_db_setup, django_db_blocker):
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    with django_db_blocker.unblock():
        return MigrationLoader(connection).project_state().apps


def _migration_rows_present() -> bool:
    from django.contrib.auth.models import Group
    from django_celery_beat.models import PeriodicTask

    from courses.certificates.models import AccreditorProfile

    return (
        PeriodicTask.objects.count() >= 3
        and Group.objects.filter(name="editors", permissions__codename="add_resource").exists()
        and AccreditorProfile.objects.count() >= 5
    )


@pytest.fixture(autouse=True)
def _data_migration_rows(request):
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if not uses_db:
        return
    request.getfixturevalue("db")
    if _migration_rows_present():
        return
    import importlib

    from django.db import connection

    state_apps = request.getfixturevalue("_migration_state_apps")
    with connection.schema_editor(atomic=False) as schema_editor:
        for module, function in DATA_MIGRATIONS:
            getattr(importlib.import_module(module), function)(state_apps, schema_editor)
