"""Invitations are not a spam cannon: who may send them, how many, what the e-mail carries, and
who may use the link."""

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
from groups.models import Invitation, Membership
from groups.services.invitations import INVITATIONS_PER_DAY
from tests.factories import PASSWORD, EmailAddressFactory, UserFactory

from .factories import InvitationFactory, LearningGroupFactory, MembershipFactory

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


# What the e-mail says


def test_invitation_subject_is_plain_text_with_the_name_quoted_and_shortened(
    client, django_capture_on_commit_callbacks, group, facilitator
):
    group.name = "Food & Health <b>FREE MONEY</b> " + "click www.evil.example now " * 4
    group.save()
    client.force_login(facilitator)

    _invite(client, django_capture_on_commit_callbacks, group, "ana@example.org")

    subject = mail.outbox[0].subject
    assert subject.startswith("[Roots] Invitation to the learning group “Food & Health <b>FREE")
    assert "&amp;" not in subject
    assert "&lt;" not in subject
    assert subject.endswith("…”")
    assert len(subject) < 90
    assert "Food &amp; Health &lt;b&gt;" in mail.outbox[0].alternatives[0][0]


def test_invitation_email_carries_a_report_link_that_voids_the_invitation(
    client, django_capture_on_commit_callbacks, group, facilitator
):
    client.force_login(facilitator)
    _invite(client, django_capture_on_commit_callbacks, group, "ana@example.org")
    message = mail.outbox[0]
    report = _link(message, "report/")
    accept = _link(message)
    assert report in message.alternatives[0][0]
    client.logout()

    confirm = client.get(report)
    done = client.post(report)

    assert confirm.status_code == 200
    assert "Report this invitation as unwanted" in confirm.text
    assert "Thank you: the invitation is reported" in done.text
    assert Invitation.objects.get().reported_at is not None
    ana = UserFactory(verified=True, email="ana@example.org")
    client.force_login(ana)
    refused = client.post(accept)
    assert refused.status_code == 410
    assert "reported as unwanted" in refused.text
    assert not Membership.objects.filter(group=group, user=ana).exists()


def test_invitation_reported_address_is_not_invited_again_by_that_group(
    client, django_capture_on_commit_callbacks, group, facilitator
):
    services.invitation_report(
        invitation=InvitationFactory(group=group, invited_by=facilitator, email="ana@example.org")
    )
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("groups:invite", args=[group.slug]), {"emails": "Ana@example.org"}, follow=True
        )

    assert "Reported an invitation from this group as unwanted" in _messages(response)
    assert mail.outbox == []


def test_invitation_report_page_with_a_forged_token_is_not_found(client):
    response = client.get(reverse("groups:invitation_report", args=["forged"]))

    assert response.status_code == 404


# Who may use the link


def test_invitation_link_cannot_be_used_by_another_account(client, group, facilitator):
    invitation = InvitationFactory(group=group, invited_by=facilitator, email="ana@example.org")
    attacker = UserFactory(verified=True, email="mallory@example.org")
    client.force_login(attacker)

    page = client.get(invitation.get_absolute_url())
    response = client.post(invitation.get_absolute_url(), follow=True)

    assert "Only an account with ana@example.org, verified, can accept it" in page.text
    assert "Accept and join the group" not in page.text
    assert "This invitation was sent to ana@example.org" in _messages(response)
    assert not Membership.objects.filter(group=group, user=attacker).exists()
    ana = UserFactory(verified=True, email="ana@example.org")
    client.force_login(ana)
    assert client.post(invitation.get_absolute_url()).status_code == 302
    assert Membership.objects.get(group=group, user=ana).is_active


def test_invitation_link_needs_the_address_verified(client, group):
    invitation = InvitationFactory(group=group, email="ana@example.org")
    squatter = UserFactory(unverified=True, email="ana@example.org")
    client.force_login(squatter)

    client.post(invitation.get_absolute_url())

    assert not Membership.objects.filter(group=group, user=squatter).exists()


def test_invitation_accepted_with_a_second_verified_address_of_the_account(client, group):
    invitation = InvitationFactory(group=group, email="work@example.org")
    person = UserFactory(verified=True, email="home@example.org")
    EmailAddressFactory(user=person, email="work@example.org", primary=False)
    client.force_login(person)

    assert client.post(invitation.get_absolute_url()).status_code == 302
    assert Membership.objects.get(group=group, user=person).is_active


def test_invitation_signup_from_the_link_with_another_address_cannot_accept(
    client, django_capture_on_commit_callbacks, group, facilitator
):
    client.force_login(facilitator)
    _invite(client, django_capture_on_commit_callbacks, group, "ana@example.org")
    link = _link(mail.outbox[0])
    client.logout()
    client.get(link)
    client.post(
        f"{reverse('account_signup')}?next={link}",
        {
            "full_name": "Mallory",
            "email": "mallory@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    client.post(link)

    assert not Membership.objects.filter(group=group, user__email="mallory@example.org").exists()


def test_removed_member_cannot_rejoin_with_an_invitation_sent_before_the_removal(
    client, group, facilitator, member
):
    old = InvitationFactory(group=group, invited_by=facilitator, email=member.email)
    services.membership_remove(
        membership=Membership.objects.get(group=group, user=member), removed_by=facilitator
    )
    client.force_login(member)

    response = client.post(old.get_absolute_url(), follow=True)

    assert "A facilitator removed you from this group" in _messages(response)
    assert Membership.objects.get(group=group, user=member).status == Membership.Status.REMOVED
    old.refresh_from_db()
    assert old.accepted_at is None


def test_invitation_page_roles(client, group, facilitator, member):
    invitation = InvitationFactory(group=group, email="ana@example.org")
    url = invitation.get_absolute_url()

    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert "Create a free account with ana@example.org" in anonymous.text
    assert invitation.get_report_url() in anonymous.text
    client.force_login(member)
    assert client.get(url).status_code == 302  # already a member: to the group
    client.force_login(UserFactory(verified=True, email="ana@example.org"))
    assert "Accept and join the group" in client.get(url).text


def test_members_page_answers_each_role(client, group, facilitator, member, outsider):
    url = reverse("groups:members", args=[group.slug])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert (
        client.post(reverse("groups:invite", args=[group.slug]), {"emails": "a@x.org"}).status_code
        == 403
    )
    client.force_login(facilitator)
    assert client.get(url).status_code == 200
    assert mail.outbox == []


def test_invitation_from_another_group_cannot_be_reported_by_guessing(client):
    invitation = InvitationFactory(group=LearningGroupFactory())
    tampered = invitation.token[:-3] + "abc"

    response = client.post(reverse("groups:invitation_report", args=[tampered]))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.reported_at is None
