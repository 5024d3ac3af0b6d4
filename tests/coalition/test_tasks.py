import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from coalition.models import Report, ReportRevision
from coalition.tasks import report_publish_scheduled_task

from .factories import ReportFactory

pytestmark = pytest.mark.django_db

registration = importlib.import_module(
    "coalition.migrations.0002_publish_scheduled_reports_every_minute"
)


def _due(**kwargs):
    report = ReportFactory(scheduled=True, **kwargs)
    Report.objects.filter(pk=report.pk).update(
        publish_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    return report


def test_report_publish_scheduled_task_publishes_a_due_report_once_when_run_twice():
    report = _due()

    assert report_publish_scheduled_task() == [report.pk]
    assert report_publish_scheduled_task() == []

    report.refresh_from_db()
    assert report.state == Report.State.PUBLISHED
    assert report.published_at is not None
    revision = report.revisions.get(action=ReportRevision.Action.TRANSITION)
    assert revision.actor is None  # the scheduler
    assert (revision.from_state, revision.to_state) == ("scheduled", "published")


def test_report_publish_scheduled_task_shows_the_reports_to_an_anonymous_visitor_at_once(
    cached_for_anonymous,
):
    ReportFactory(published=True, title="Already out")
    for n in (1, 2):
        _due(title=f"Fresh findings {n}")
    url = reverse("coalition:report_list")
    visitor, before = cached_for_anonymous(url)
    assert "Already out" in before
    assert "Fresh findings" not in before

    assert len(report_publish_scheduled_task()) == 2

    after = visitor.get(url).text
    assert "Fresh findings 1" in after
    assert "Fresh findings 2" in after


def test_report_publish_scheduled_task_leaves_future_drafts_and_review_alone():
    later = ReportFactory(scheduled=True)
    draft = ReportFactory()
    in_review = ReportFactory(in_review=True)

    assert report_publish_scheduled_task() == []

    states = dict(Report.objects.values_list("pk", "state"))
    assert states == {later.pk: "scheduled", draft.pk: "draft", in_review.pk: "in_review"}


def test_report_publish_scheduled_task_skips_a_due_report_that_lost_its_content():
    report = _due(section=None)
    assert report_publish_scheduled_task() == []
    report.refresh_from_db()
    assert report.state == Report.State.SCHEDULED


def test_report_publish_scheduled_task_is_registered_with_beat_every_minute():
    registration.register(apps, None)
    registration.register(apps, None)

    task = PeriodicTask.objects.get(name=registration.TASK_NAME)
    assert (
        task.task
        == report_publish_scheduled_task.name
        == "coalition.tasks." + ("report_publish_scheduled_task")
    )
    assert (task.interval.every, task.interval.period) == (1, "minutes")
    assert task.enabled


def test_report_publish_scheduled_task_registration_is_undone_by_the_reverse_migration():
    registration.register(apps, None)
    registration.unregister(apps, None)
    assert not PeriodicTask.objects.filter(name=registration.TASK_NAME).exists()
