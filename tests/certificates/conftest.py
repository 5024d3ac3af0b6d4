import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kombu import pools as kombu_pools

import roots.settings.test as test_settings
from courses.certificates import rendering, services
from courses.certificates.models import (
    EvaluationItem,
    PostTestAttempt,
)
from courses.models import LessonCompletion
from roots import redis_url
from roots.celery import app as celery_app
from tests.factories import UserFactory

from . import factories

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://roots.example.org"


@pytest.fixture
def rules(db):
    rules = factories.CreditRulesFactory(course__title="Roots of Health Inequity")
    unit = factories.UnitFactory(course=rules.course, number=1)
    factories.LessonFactory(unit=unit, position=1)
    factories.LessonFactory(unit=unit, position=2)
    factories.CreditOfferingFactory(rules=rules)
    for _ in range(3):
        factories.PostTestQuestionFactory(rules=rules)
    factories.EvaluationItemFactory(rules=rules)
    factories.EvaluationItemFactory(rules=rules, kind=EvaluationItem.Kind.TEXT, required=False)
    return rules


@pytest.fixture
def course(rules):
    return rules.course


def make_ready(user, rules):
    """Everything done but the claim: lessons and the time on them, post-test, evaluation,
    attestation."""
    from courses.models import Lesson

    factories.spend_course_time(user, rules)
    for lesson in Lesson.objects.filter(unit__course=rules.course):
        LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    PostTestAttempt.objects.create(
        user=user, rules=rules, layout=[], score=100, passed=True, submitted_at="2026-01-01T00:00Z"
    )
    services.evaluation_submit(
        user=user,
        rules=rules,
        answers={item.pk: 4 for item in rules.evaluation_items.filter(kind="likert")},
    )
    services.attestation_record(user=user, rules=rules)
    return user


@pytest.fixture
def ready_learner(rules):
    return make_ready(
        UserFactory(verified=True, full_name="Jordan Okafor", credential_number="CHES-27182"),
        rules,
    )


@pytest.fixture(autouse=True)
def _fresh_renderer():
    yield
    rendering.reset()


@pytest.fixture
def celery_worker_process(transactional_db, test_database_url, settings, tmp_path):
    """A real `celery -A roots worker` in a subprocess, on this test database and this test
    run's broker database, writing media where the test settings put it (the worker reads the
    same settings module, so it cannot see a per-test MEDIA_ROOT)."""
    settings.MEDIA_ROOT = test_settings.MEDIA_ROOT
    # Publish through fresh broker connections: a test earlier in this process may have closed
    # the app's pool (switching brokers), which kombu's process-wide producer pools still hold.
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()
    # Only the queue is emptied (of messages an earlier run may have left), not the database.
    broker = redis_url.client(settings.CELERY_BROKER_URL)
    broker.delete("celery")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "roots.settings.test",
        "DATABASE_URL": test_database_url,
        "SITE_URL": settings.SITE_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own worker
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "roots",
                "worker",
                "--concurrency",
                "2",
                "--pool",
                "prefork",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"certs-test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Celery worker did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        broker.delete("celery")
        broker.close()


def wait_for(predicate, timeout=60.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError("timed out waiting")
