"""Queueing a task by its registered name: services name their app's tasks instead of importing
them, so the name must reach the right task, and a wrong one must fail where it is queued."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.exceptions import NotRegistered

from roots.celery import app
from roots.tasks import enqueue, enqueue_on_commit, task_resolve

ROOT = Path(__file__).resolve().parents[2]
NAME = "tests.roots.record_task"


@pytest.fixture
def record_task():
    @app.task(name=NAME)
    def record(*args, **kwargs):  # pragma: no cover - sent, never run here
        return None

    yield app.tasks[NAME]
    app.tasks.unregister(NAME)


@pytest.fixture
def sent(record_task, monkeypatch):
    calls = []
    monkeypatch.setattr(record_task, "apply_async", lambda **kw: calls.append(kw))
    return calls


@pytest.mark.django_db
def test_enqueue_on_commit_by_name_sends_that_task_with_its_arguments_after_commit(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(NAME, 7, "seven", reason="claim")
        assert sent == []  # nothing before the commit
    assert len(callbacks) == 1
    assert sent == [{"args": (7, "seven"), "kwargs": {"reason": "claim"}}]


def test_enqueue_by_name_sends_that_task(sent):
    assert enqueue(NAME, 3) is True
    assert sent == [{"args": (3,), "kwargs": {}}]


def test_task_resolve_answers_the_registered_task_object(record_task):
    assert task_resolve(NAME) is record_task
    assert task_resolve(record_task) is record_task


@pytest.mark.django_db
def test_enqueue_on_commit_unknown_name_raises_at_queue_time(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(NotRegistered, match=r"no\.such\.task"),
    ):
        enqueue_on_commit("no.such.task", 1)
    assert callbacks == []  # nothing left to fail, or be lost, after the commit
    assert issubclass(NotRegistered, KeyError)


def test_enqueue_unknown_name_raises_instead_of_answering_broker_down():
    with pytest.raises(NotRegistered):
        enqueue("no.such.task", inline_if_down=True)


FRESH_PROCESS = """
import sys
import django

django.setup()
from roots.tasks import task_resolve

assert "courses.certificates.tasks" not in sys.modules, "imported before the test"
name = "courses.certificates.tasks.certificate_render_task"
print(task_resolve(name).name)
"""


def test_task_resolve_finds_a_task_whose_module_nothing_imported_yet():
    """A web process imports no tasks module of its own accord (only a worker does)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "roots.settings.test",
        # Reading settings connects to nothing when both URLs are given.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/unused",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", FRESH_PROCESS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["courses.certificates.tasks.certificate_render_task"]
