"""Invitations are not a spam cannon: who may send them, and how many (what the e-mail carries
and who may use the link: test_invitation_links.py)."""

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import Invitation
from groups.services.invitations import INVITATIONS_PER_DAY
from tests.factories import UserFactory

from .factories import InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _addresses(count: int, prefix: str = "target") -> str:
    return "\n".join(f"{prefix}{n}@example.org" for n in range(count))


def _invite(client, capture, group, emails):
    with capture(execute=True):
        return client.post(reverse("groups:invite", args=[group.slug]), {"emails": emails})


def _messages(response):
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _link(message, kind: str = "") -> str:
    pattern = rf"https?://[^/\s]+(/groups/invitations/[^/\s]+/{kind})"
    return re.search(pattern, message.body).group(1)


# How many


def test_invitations_repeated_batches_stop_at_the_daily_limit_with_a_clear_error(
    client, django_capture_on_commit_callbacks, group, facilitator
):
    client.force_login(facilitator)

    first = _invite(client, django_capture_on_commit_callbacks, group, _addresses(30, "a"))
    second = _invite(client, django_capture_on_commit_callbacks, group, _addresses(30, "b"))
    third = _invite(client, django_capture_on_commit_callbacks, group, _addresses(1, "c"))

    assert first.status_code == 302
    assert len(mail.outbox) == INVITATIONS_PER_DAY == 30
    for refused in (second, third):
        assert refused.status_code == 200
        assert "You can send 0 more invitations today (at most 30 a day)" in refused.text
        assert "invalid-feedback" in refused.text
    assert "b0@example.org" in second.text  # what was typed is kept
    assert Invitation.objects.count() == 30


def test_invitations_a_list_over_the_days_allowance_is_refused_whole(
    client, django_capture_on_commit_callbacks, group, facilitator
):
    client.force_login(facilitator)
    _invite(client, django_capture_on_commit_callbacks, group, _addresses(25, "a"))

    response = _invite(client, django_capture_on_commit_callbacks, group, _addresses(6, "b"))

    assert "You can send 5 more invitations today" in response.text
    assert "this list has 6 new addresses" in response.text
    assert len(mail.outbox) == 25


def test_invitations_more_than_a_days_worth_at_once_is_refused_by_the_form(
    client, django_capture_on_commit_callbacks, group, facilitator
):
    client.force_login(facilitator)

    response = _invite(client, django_capture_on_commit_callbacks, group, _addresses(50))

    assert response.status_code == 200
    assert "Invite at most 30 people a day." in response.text
    assert mail.outbox == []


def test_invitations_limit_counts_every_group_of_the_inviter(
    client, django_capture_on_commit_callbacks, group, facilitator, course
):
    other = services.group_create(creator=facilitator, course=course, name="Other", kind="other")
    client.force_login(facilitator)
    _invite(client, django_capture_on_commit_callbacks, group, _addresses(20, "a"))

    response = _invite(client, django_capture_on_commit_callbacks, other, _addresses(20, "b"))

    assert "You can send 10 more invitations today" in response.text
    assert len(mail.outbox) == 20


def test_invitations_yesterdays_do_not_count(group, facilitator):
    old = InvitationFactory.create_batch(30, group=group, invited_by=facilitator)
    Invitation.objects.filter(pk__in=[i.pk for i in old]).update(
        created_at=timezone.now() - timedelta(hours=25)
    )

    assert services.invitation_allowance(facilitator).remaining == 30


def test_members_page_shows_the_remaining_daily_allowance(
    client, django_capture_on_commit_callbacks, group, facilitator
):
    client.force_login(facilitator)
    page = client.get(reverse("groups:members", args=[group.slug]))
    assert "You can send 30 more invitations today (at most 30 in any 24 hours)." in page.text
    assert 'aria-describedby="invite-allowance"' in page.text

    _invite(client, django_capture_on_commit_callbacks, group, _addresses(29))
    page = client.get(reverse("groups:members", args=[group.slug]))

    assert "You can send 1 more invitation today" in page.text
    _invite(client, django_capture_on_commit_callbacks, group, _addresses(1, "last"))
    page = client.get(reverse("groups:members", args=[group.slug]))
    assert "You can send 0 more invitations today" in page.text
    assert "Send invitations" not in page.text


@pytest.mark.django_db(transaction=True)
def test_invitations_parallel_batches_cannot_pass_the_daily_limit(course):
    from groups.tasks import invitation_send_task  # noqa: F401 - registers the task by name

    facilitator = UserFactory(verified=True, date_joined=timezone.now() - timedelta(days=9))
    group = services.group_create(creator=facilitator, course=course, name="G", kind="other")
    barrier = threading.Barrier(3)
    outcomes = []

    def attack(prefix):
        barrier.wait()
        try:
            batch = services.invitations_create(
                group=group,
                emails=[f"{prefix}{n}@example.org" for n in range(12)],
                invited_by=facilitator,
            )
            outcomes.append(len(batch.sent))
        except ValidationError:
            outcomes.append(0)
        finally:
            connection.close()

    threads = [threading.Thread(target=attack, args=(p,)) for p in "xyz"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [0, 12, 12]
    assert Invitation.objects.count() == 24


def test_invitations_one_address_gets_at_most_three_a_day_from_everyone(course):
    for n in range(3):
        inviter = UserFactory(verified=True, date_joined=timezone.now() - timedelta(days=9))
        group = services.group_create(creator=inviter, course=course, name=f"G{n}", kind="other")
        services.invitations_create(group=group, emails=["victim@example.org"], invited_by=inviter)
    fourth = UserFactory(verified=True, date_joined=timezone.now() - timedelta(days=9))
    group = services.group_create(creator=fourth, course=course, name="G4", kind="other")

    batch = services.invitations_create(
        group=group, emails=["VICTIM@example.org", "other@example.org"], invited_by=fourth
    )

    assert [i.email for i in batch.sent] == ["other@example.org"]
    assert batch.invited_often == ["victim@example.org"]
    assert Invitation.objects.filter(email="victim@example.org").count() == 3


def test_invitations_an_open_invitation_is_not_sent_again(
    client, django_capture_on_commit_callbacks, group, facilitator
):
    client.force_login(facilitator)
    _invite(client, django_capture_on_commit_callbacks, group, "ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("groups:invite", args=[group.slug]), {"emails": "ana@example.org"}, follow=True
        )

    assert "Already invited, the invitation is waiting for an answer: ana@example.org" in (
        _messages(response)
    )
    assert len(mail.outbox) == 1


# Who may send them


def _standing(kind, facilitator):
    if kind == "unverified":
        facilitator.emailaddress_set.update(verified=False)
    elif kind == "new account":
        facilitator.date_joined = timezone.now() - timedelta(hours=2)
        facilitator.save()
    elif kind == "reported twice":
        for invitation in InvitationFactory.create_batch(2, invited_by=facilitator):
            services.invitation_report(invitation=invitation)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("unverified", "Verify your e-mail address before you invite people."),
        ("new account", "New accounts can invite people by e-mail from their second day."),
        ("reported twice", "People reported invitations you sent as unwanted"),
    ],
)
def test_invitations_from_an_account_not_in_good_standing_are_refused(
    client, django_capture_on_commit_callbacks, group, facilitator, kind, reason
):
    _standing(kind, facilitator)
    client.force_login(facilitator)

    page = client.get(reverse("groups:members", args=[group.slug]))
    response = _invite(client, django_capture_on_commit_callbacks, group, "ana@example.org")

    assert reason in page.text
    assert "Send invitations" not in page.text
    assert reason in response.text
    assert mail.outbox == []
    assert not Invitation.objects.filter(email="ana@example.org").exists()


def test_invitations_a_deactivated_account_is_not_in_good_standing(group, facilitator):
    facilitator.is_active = False
    facilitator.save()

    with pytest.raises(ValidationError):
        services.invitations_create(group=group, emails=["a@example.org"], invited_by=facilitator)


def test_invitations_a_new_staff_account_may_invite(group):
    staff = UserFactory(verified=True, staff=True)
    MembershipFactory(group=group, user=staff, facilitator=True)

    batch = services.invitations_create(group=group, emails=["a@example.org"], invited_by=staff)

    assert len(batch.sent) == 1
