"""Background e-mails: session reminders (Celery beat) and reply notifications; each task is
safe to run twice."""

import zoneinfo
from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from groups import services
from groups.models import Membership, SessionReminder
from groups.tasks import post_reply_notify_task, session_reminders_send_task

from .factories import MembershipFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon(group):
    return SessionFactory(
        group=group, title="Unit 2 lunch", starts_at=timezone.now() + timedelta(hours=23)
    )


def test_beat_runs_the_reminder_task_every_15_minutes():
    task = PeriodicTask.objects.get(task="groups.tasks.session_reminders_send_task")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (15, "minutes")


def test_reminder_task_run_twice_sends_one_email_per_member(group, facilitator, member, soon):
    assert session_reminders_send_task() == 2
    assert session_reminders_send_task() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([facilitator.email, member.email])
    assert SessionReminder.objects.filter(session=soon).count() == 2
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert "Tomorrow: Unit 2 lunch" in message.subject
    assert soon.get_ics_url() in message.body
    assert reverse("groups:settings", args=[group.slug]) in message.body


def test_reminder_shows_time_in_the_members_time_zone(group, member):
    member.time_zone = "America/Los_Angeles"
    member.save()
    start = timezone.now() + timedelta(hours=20)
    SessionFactory(group=group, starts_at=start)
    session_reminders_send_task()
    message = next(m for m in mail.outbox if m.to == [member.email])
    local = timezone.localtime(start, timezone=zoneinfo.ZoneInfo("America/Los_Angeles"))
    assert local.strftime("%-I:%M") in message.body
    assert "(America/Los_Angeles)" in message.body


def test_reminders_skip_sessions_too_far_or_past_and_opted_out_or_former_members(
    group, facilitator, member
):
    SessionFactory(group=group, starts_at=timezone.now() + timedelta(hours=30))
    SessionFactory(group=group, starts_at=timezone.now() - timedelta(hours=1))
    SessionFactory(group=group, starts_at=timezone.now() + timedelta(hours=2))
    Membership.objects.filter(group=group, user=facilitator).update(notify_sessions=False)
    left = MembershipFactory(group=group, status=Membership.Status.LEFT)
    MembershipFactory(group=group, pending=True)
    assert session_reminders_send_task() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert not SessionReminder.objects.filter(user=left.user).exists()


def test_failed_reminder_is_not_recorded_and_goes_out_on_the_next_run(group, member, soon):
    Membership.objects.filter(group=group).exclude(user=member).update(notify_sessions=False)
    with (
        mock.patch("groups.services.sessions.send_templated", side_effect=SMTPException),
        pytest.raises(SMTPException),
    ):
        services.session_reminders_send()
    assert not SessionReminder.objects.exists()
    assert services.session_reminders_send() == 1
    assert len(mail.outbox) == 1


def test_reply_notifies_participants_after_commit_except_author_and_opted_out(
    client, django_capture_on_commit_callbacks, group, facilitator, member
):
    quiet = MembershipFactory(group=group, notify_replies=False).user
    bystander = MembershipFactory(group=group).user
    board = group.boards.get(unit=None)
    thread = services.thread_create(board=board, author=facilitator, title="Hello", body="Hi all")
    services.post_reply(thread=thread, author=quiet, body="Quiet reply")
    mail.outbox.clear()

    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(
            reverse("groups:thread_reply", args=[group.slug, thread.pk]), {"body": "Me too"}
        )
    # One e-mail task among the callbacks run on commit.
    tasks = [c for c in callbacks if "reply_notify" in repr(c)]
    assert len(tasks) == 1
    assert [m.to for m in mail.outbox] == [[facilitator.email]]
    message = mail.outbox[0]
    assert "New reply in “Hello”" in message.subject
    assert "Me too" in message.body
    assert thread.get_absolute_url() in message.body
    assert bystander.email not in {m.to[0] for m in mail.outbox}


def test_reply_notification_task_run_twice_sends_once(group, facilitator, member):
    board = group.boards.get(unit=None)
    thread = services.thread_create(board=board, author=facilitator, title="Hello", body="Hi")
    post = services.post_reply(thread=thread, author=member, body="Reply")
    assert post_reply_notify_task(post.pk) == 1
    assert post_reply_notify_task(post.pk) == 0
    assert len(mail.outbox) == 1


def test_reply_notification_for_a_deleted_post_is_a_no_op():
    assert post_reply_notify_task(999999) == 0
