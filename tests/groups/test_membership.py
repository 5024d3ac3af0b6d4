"""Creating groups and joining them: invitations, join codes, requests, limits, leaving."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import Board, Invitation, LearningGroup, Membership
from tests.factories import PASSWORD, UserFactory

from .factories import InvitationFactory, LearningGroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _status(group, user):
    return Membership.objects.get(group=group, user=user).status


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# Creating a group


def test_group_create_makes_creator_facilitator_with_a_board_per_unit(group, facilitator):
    membership = Membership.objects.get(group=group, user=facilitator)
    assert membership.role == Membership.Role.FACILITATOR
    assert membership.is_active
    boards = Board.objects.filter(group=group)
    assert boards.filter(unit__isnull=True).count() == 1
    assert set(boards.exclude(unit=None).values_list("unit__number", flat=True)) == {1, 2, 3}


def test_group_create_gives_unique_slugs_and_avoids_page_names(course, facilitator):
    first = services.group_create(creator=facilitator, course=course, name="Join", kind="other")
    second = services.group_create(creator=facilitator, course=course, name="Join", kind="other")
    assert first.slug == "join-2"
    assert second.slug == "join-3"


def test_group_create_view_creates_group_and_redirects_to_it(client, course, practitioner):
    client.force_login(practitioner)
    response = client.post(
        reverse("groups:create"),
        {
            "course": course.pk,
            "name": "Riverbend nursing team",
            "kind": "local_hd",
            "state": "IL",
            "description": "Nurses from the east clinic.",
            "meeting_cadence": "Monthly",
            "listed": "on",
            "member_limit": "",
        },
        follow=True,
    )
    group = LearningGroup.objects.get(name="Riverbend nursing team")
    assert response.redirect_chain[-1][0] == group.get_absolute_url()
    assert "is ready" in " ".join(_messages(response))
    assert Membership.objects.get(group=group, user=practitioner).role == "facilitator"


def test_group_create_view_with_errors_keeps_input_and_says_what_is_wrong(
    client, course, practitioner
):
    client.force_login(practitioner)
    response = client.post(
        reverse("groups:create"),
        {"course": course.pk, "name": "", "kind": "local_hd", "description": "Kept text"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "This field is required." in content
    assert "Kept text" in content
    assert not LearningGroup.objects.exists()


def test_group_edit_refuses_limit_below_current_members(client, group, facilitator, member):
    client.force_login(facilitator)
    response = client.post(
        reverse("groups:edit", args=[group.slug]),
        {"name": group.name, "kind": group.kind, "member_limit": "2", "listed": "on"},
    )
    assert response.status_code == 302  # 2 people: the facilitator and the member
    group.refresh_from_db()
    assert group.member_limit == 2
    MembershipFactory(group=group)
    response = client.post(
        reverse("groups:edit", args=[group.slug]),
        {"name": group.name, "kind": group.kind, "member_limit": "2", "listed": "on"},
    )
    assert "set a limit of at least 3" in response.content.decode()


# Invitations


def _invite(client, django_capture_on_commit_callbacks, group, facilitator, emails):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("groups:invite", args=[group.slug]), {"emails": emails}, follow=True
        )


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/groups/invitations/\S+/)", message.body).group(1)


def test_invitation_email_sent_after_commit_with_single_use_link(
    client, django_capture_on_commit_callbacks, group, facilitator
):
    response = _invite(
        client, django_capture_on_commit_callbacks, group, facilitator, "ana@example.org"
    )
    assert "Invitation sent to ana@example.org" in " ".join(_messages(response))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert group.name in message.subject
    assert "/groups/invitations/" in message.alternatives[0][0]
    assert Invitation.objects.get().sent_at is not None


def test_invitation_form_rejects_bad_addresses_and_keeps_input(client, group, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("groups:invite", args=[group.slug]), {"emails": "ok@example.org, not-an-email"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "These are not e-mail addresses: not-an-email" in content
    assert "ok@example.org, not-an-email" in content
    assert not Invitation.objects.exists()


def test_invitation_skips_people_already_in_the_group(
    client, django_capture_on_commit_callbacks, group, facilitator, member
):
    response = _invite(
        client,
        django_capture_on_commit_callbacks,
        group,
        facilitator,
        f"{member.email.upper()}\nnew@example.org",
    )
    assert [i.email for i in Invitation.objects.all()] == ["new@example.org"]
    assert "Already members, not invited again" in " ".join(_messages(response))


def test_invitation_accepted_by_new_user_through_signup_lands_in_group(
    client, django_capture_on_commit_callbacks, group, facilitator
):
    _invite(client, django_capture_on_commit_callbacks, group, facilitator, "newbie@example.org")
    link = _link(mail.outbox[0])
    client.logout()

    page = client.get(link)
    assert page.status_code == 200
    content = page.content.decode()
    assert f'href="{reverse("account_signup")}?next=/groups/invitations/' in content
    assert f'href="{reverse("account_login")}?next=/groups/invitations/' in content

    response = client.post(
        f"{reverse('account_signup')}?next={link}",
        {
            "full_name": "New Person",
            "email": "newbie@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == link
    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == group.get_absolute_url()
    assert f"Welcome to {group.name}" in " ".join(_messages(response))
    user = Membership.objects.get(group=group, user__email="newbie@example.org")
    assert user.is_active


def test_invitation_link_works_only_once(client, group, facilitator):
    first, second = UserFactory(verified=True), UserFactory(verified=True)
    invitation = InvitationFactory(group=group, invited_by=facilitator, email=first.email)
    client.force_login(first)
    assert client.post(invitation.get_absolute_url()).status_code == 302
    client.force_login(second)
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    client.post(invitation.get_absolute_url())
    assert not Membership.objects.filter(group=group, user=second).exists()


def test_invitation_past_its_expiry_date_is_refused(client, group, practitioner):
    invitation = InvitationFactory(group=group, expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(practitioner)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not Membership.objects.filter(group=group, user=practitioner).exists()


def test_invitation_with_expired_signature_is_refused(client, group, practitioner):
    invitation = InvitationFactory(group=group)
    with mock.patch("django.core.signing.time.time", return_value=0):
        old_token = invitation.token
    client.force_login(practitioner)
    response = client.get(reverse("groups:invitation", args=[old_token]))
    assert response.status_code == 410


def test_invitation_with_tampered_token_is_not_found(client, group, practitioner):
    invitation = InvitationFactory(group=group)
    forged = signing.dumps({"invitation": invitation.pk}, salt="another-salt")
    client.force_login(practitioner)
    for token in (forged, invitation.token[:-2] + "xx"):
        response = client.get(reverse("groups:invitation", args=[token]))
        assert response.status_code == 404
        assert "not valid" in response.content.decode()


def test_invitation_sent_after_the_removal_brings_back_a_removed_member(group, facilitator, member):
    membership = Membership.objects.get(group=group, user=member)
    services.membership_remove(membership=membership, removed_by=facilitator)
    invitation = InvitationFactory(group=group, email=member.email)
    _membership, joined = services.invitation_accept(invitation=invitation, user=member)
    assert joined
    assert _status(group, member) == Membership.Status.ACTIVE


def test_invitation_opened_by_a_member_is_left_for_its_recipient(client, group, member):
    invitation = InvitationFactory(group=group)
    client.force_login(member)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_send_task_twice_sends_one_email(group):
    from groups.tasks import invitation_send_task

    invitation = InvitationFactory(group=group)
    assert invitation_send_task(invitation.pk) is True
    assert invitation_send_task(invitation.pk) is False
    assert len(mail.outbox) == 1


# Join code


def test_join_by_code_makes_the_user_a_member(client, group, practitioner):
    client.force_login(practitioner)
    page = client.get(group.get_join_url())
    assert "Join the group" in page.content.decode()
    response = client.post(group.get_join_url(), follow=True)
    assert response.redirect_chain[-1][0] == group.get_absolute_url()
    assert _status(group, practitioner) == Membership.Status.ACTIVE


def test_join_code_lookup_accepts_lowercase_and_spaces(client, group, practitioner):
    client.force_login(practitioner)
    code = group.join_code.lower()
    response = client.get(reverse("groups:join_lookup"), {"code": f" {code[:4]} {code[4:]} "})
    assert response.status_code == 302
    assert response["Location"] == group.get_join_url()


def test_join_code_regeneration_stops_the_old_link(client, group, facilitator, practitioner):
    old_url = group.get_join_url()
    client.force_login(facilitator)
    response = client.post(reverse("groups:join_code_regenerate", args=[group.slug]), follow=True)
    assert "old link and code no longer work" in " ".join(_messages(response))
    group.refresh_from_db()
    assert group.get_join_url() != old_url

    client.force_login(practitioner)
    response = client.post(old_url)
    assert response.status_code == 404
    assert "This join link does not work" in response.content.decode()
    assert not Membership.objects.filter(group=group, user=practitioner).exists()
    client.post(group.get_join_url())
    assert _status(group, practitioner) == Membership.Status.ACTIVE


def test_removed_member_cannot_rejoin_with_the_join_code(client, group, facilitator, member):
    services.membership_remove(
        membership=Membership.objects.get(group=group, user=member), removed_by=facilitator
    )
    client.force_login(member)
    response = client.post(group.get_join_url())
    assert response.status_code == 200
    assert "A facilitator removed you from this group" in response.content.decode()
    assert _status(group, member) == Membership.Status.REMOVED


# Requests to join


def test_request_to_join_then_facilitator_approves(client, group, facilitator, practitioner):
    client.force_login(practitioner)
    response = client.post(reverse("groups:request_join", args=[group.slug]), follow=True)
    assert "Your request has been sent" in " ".join(_messages(response))
    assert "Request sent" in response.content.decode()
    membership = Membership.objects.get(group=group, user=practitioner)
    assert membership.status == Membership.Status.PENDING

    client.force_login(facilitator)
    members_page = client.get(reverse("groups:members", args=[group.slug])).content.decode()
    assert "Requests to join" in members_page
    response = client.post(
        reverse("groups:member_approve", args=[group.slug, membership.pk]), follow=True
    )
    assert "is now a member" in " ".join(_messages(response))
    assert _status(group, practitioner) == Membership.Status.ACTIVE


def test_declined_request_is_forgotten(client, group, facilitator, practitioner):
    membership = services.membership_request(group=group, user=practitioner)
    client.force_login(facilitator)
    client.post(reverse("groups:member_decline", args=[group.slug, membership.pk]))
    assert not Membership.objects.filter(group=group, user=practitioner).exists()


def test_request_to_join_an_unlisted_group_is_refused(group, practitioner):
    group.listed = False
    group.save()
    with pytest.raises(ValidationError, match="invitation only"):
        services.membership_request(group=group, user=practitioner)


def test_approving_twice_is_refused(group, practitioner):
    membership = services.membership_request(group=group, user=practitioner)
    services.membership_approve(membership=membership)
    with pytest.raises(ValidationError, match="already answered"):
        services.membership_approve(membership=membership)


# Member limit


@pytest.fixture
def full_group(group, member):
    group.member_limit = 2
    group.save()
    return group


def test_full_group_refuses_join_by_code_with_a_clear_message(client, full_group, practitioner):
    client.force_login(practitioner)
    response = client.post(full_group.get_join_url())
    assert "is full: it has room for 2 people" in response.content.decode()
    assert not Membership.objects.filter(group=full_group, user=practitioner).exists()


def test_full_group_refuses_requests_approvals_and_invitations(full_group, practitioner):
    pending = MembershipFactory(group=full_group, pending=True)
    with pytest.raises(ValidationError, match="full"):
        services.membership_request(group=full_group, user=practitioner)
    with pytest.raises(ValidationError, match="full"):
        services.membership_approve(membership=pending)
    with pytest.raises(ValidationError, match="full"):
        services.invitation_accept(
            invitation=InvitationFactory(group=full_group, email=practitioner.email),
            user=practitioner,
        )


def test_full_group_page_says_it_is_full(client, full_group, practitioner):
    client.force_login(practitioner)
    content = client.get(full_group.get_absolute_url()).content.decode()
    assert "This group is full." in content
    assert "Ask to join" not in content


# Leaving, removing, co-facilitators


def test_member_leaves_after_confirmation(client, group, member):
    client.force_login(member)
    confirm = client.get(reverse("groups:leave", args=[group.slug]))
    assert "Leave the group" in confirm.content.decode()
    response = client.post(reverse("groups:leave", args=[group.slug]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("groups:list")
    assert f"You have left {group.name}" in " ".join(_messages(response))
    assert _status(group, member) == Membership.Status.LEFT


def test_only_facilitator_cannot_leave_until_someone_else_facilitates(
    client, group, facilitator, member
):
    client.force_login(facilitator)
    response = client.post(reverse("groups:leave", args=[group.slug]), follow=True)
    assert "only facilitator" in " ".join(_messages(response))
    assert _status(group, facilitator) == Membership.Status.ACTIVE

    member_membership = Membership.objects.get(group=group, user=member)
    client.post(reverse("groups:member_promote", args=[group.slug, member_membership.pk]))
    member_membership.refresh_from_db()
    assert member_membership.role == Membership.Role.FACILITATOR
    client.post(reverse("groups:leave", args=[group.slug]))
    assert _status(group, facilitator) == Membership.Status.LEFT


def test_facilitator_removes_a_member_after_confirmation(client, group, facilitator, member):
    membership = Membership.objects.get(group=group, user=member)
    url = reverse("groups:member_remove", args=[group.slug, membership.pk])
    client.force_login(facilitator)
    confirm = client.get(url).content.decode()
    assert f"Remove {member.full_name} from the group?" in confirm
    response = client.post(url, follow=True)
    assert "has been removed" in " ".join(_messages(response))
    assert _status(group, member) == Membership.Status.REMOVED


def test_facilitator_cannot_remove_themselves(group, facilitator):
    membership = Membership.objects.get(group=group, user=facilitator)
    with pytest.raises(ValidationError, match="Leave this group"):
        services.membership_remove(membership=membership, removed_by=facilitator)


def test_left_member_can_rejoin_by_code_as_a_plain_member(group, facilitator, member):
    membership = Membership.objects.get(group=group, user=member)
    services.membership_promote(membership=membership)
    services.membership_leave(membership=membership)
    membership, joined = services.membership_join_by_code(group=group, user=member)
    assert joined
    assert membership.role == Membership.Role.MEMBER


# The list of groups


def test_group_list_filters_by_kind_and_state_and_hides_unlisted(client, course):
    LearningGroupFactory(course=course, name="Springfield HD", kind="local_hd", state="IL")
    LearningGroupFactory(course=course, name="Madison class", kind="university", state="WI")
    LearningGroupFactory(course=course, name="Hidden team", kind="local_hd", listed=False)
    content = client.get(reverse("groups:list")).content.decode()
    assert "Springfield HD" in content
    assert "Madison class" in content
    assert "Hidden team" not in content
    filtered = client.get(reverse("groups:list"), {"kind": "university"}).content.decode()
    assert "Madison class" in filtered
    assert "Springfield HD" not in filtered
    by_state = client.get(reverse("groups:list"), {"state": "IL"}).content.decode()
    assert "Springfield HD" in by_state
    assert "Madison class" not in by_state
    empty = client.get(reverse("groups:list"), {"state": "AK"}).content.decode()
    assert "No listed group matches these filters" in empty


def test_group_list_shows_my_groups_first_with_pending_requests(client, group, practitioner):
    other = LearningGroupFactory(course=group.course, name="Another listed group")
    services.membership_request(group=other, user=practitioner)
    MembershipFactory(group=group, user=practitioner)
    client.force_login(practitioner)
    content = client.get(reverse("groups:list")).content.decode()
    assert content.index("My groups") < content.index("Find a group")
    my_section = content[content.index("My groups") : content.index("Find a group")]
    assert group.name in my_section
    assert "Waiting for a facilitator" in my_section


def test_group_list_paginates_and_keeps_filters(client, course):
    for n in range(14):
        LearningGroupFactory(course=course, name=f"Team {n:02d}", kind="community")
    first = client.get(reverse("groups:list"), {"kind": "community"})
    assert len(first.context["page_obj"]) == 12
    assert "kind=community&amp;page=2" in first.content.decode()
    second = client.get(reverse("groups:list"), {"kind": "community", "page": 2})
    assert len(second.context["page_obj"]) == 2


@pytest.mark.parametrize("count", [3, 30])
def test_group_list_queries_do_not_grow_with_groups(
    client, course, practitioner, count, django_assert_max_num_queries
):
    for _ in range(count):
        group = LearningGroupFactory(course=course)
        MembershipFactory(group=group, user=practitioner)
    client.force_login(practitioner)
    with django_assert_max_num_queries(8):
        client.get(reverse("groups:list"))


def test_invitation_accepted_while_signed_out_asks_to_sign_in_first(client, group):
    invitation = InvitationFactory(group=group)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_overview_lists_the_first_members_and_says_how_many_there_are(
    client, group, facilitator, member
):
    """A big group's overview names its facilitators and the first members, counts everyone,
    and sends facilitators to the full list; a small group lists everyone with no such line."""
    from groups.views.groups import MEMBERS_SHOWN

    client.force_login(member)
    small = client.get(group.get_absolute_url()).content.decode()
    assert "2 members" in small
    assert "are listed" not in small
    MembershipFactory.create_batch(MEMBERS_SHOWN, group=group)
    total = MEMBERS_SHOWN + 2
    page = client.get(group.get_absolute_url()).content.decode()
    assert f"{total} members" in page
    assert f"The first {MEMBERS_SHOWN} of {total} members are listed." in page
    assert page.count("<li>", page.index("members-heading")) >= MEMBERS_SHOWN
    assert "Farah Facilitator" in page
    assert "See and manage every member" not in page
    client.force_login(facilitator)
    assert "See and manage every member" in client.get(group.get_absolute_url()).content.decode()
