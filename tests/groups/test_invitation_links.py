"""Invitations are not a spam cannon: what the e-mail carries (a plain, short subject; a link to
report it) and who may use the link (only the invited address; not a removed member)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from groups import services
from groups.models import Invitation, Membership
from tests.factories import PASSWORD, EmailAddressFactory, UserFactory

from .factories import InvitationFactory, LearningGroupFactory

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
