"""The objects a group URL names are looked up inside that group: another group's row answers
404 like a missing one, for signed-in people, and anonymous visitors go on to sign in."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from groups import permissions

from .factories import MembershipFactory, PostFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_load_membership_finds_only_a_membership_of_the_group_in_the_url():
    mine = MembershipFactory(facilitator=True)
    elsewhere = MembershipFactory()
    request = _request(mine.user)
    assert permissions.load_membership(request, mine.group.slug, mine.pk) == mine
    with pytest.raises(Http404):
        permissions.load_membership(request, mine.group.slug, elsewhere.pk)
    with pytest.raises(Http404):
        permissions.load_membership(request, mine.group.slug, 10**9)


def test_load_membership_and_post_leave_anonymous_visitors_to_the_sign_in():
    post = PostFactory()
    group = post.thread.board.group
    anonymous = _request(AnonymousUser())
    assert permissions.load_membership(anonymous, group.slug, 10**9) is None
    assert permissions.load_post(anonymous, group.slug, 10**9) is None


def test_load_post_missing_post_answers_not_found_to_a_member():
    post = PostFactory()
    member = MembershipFactory(group=post.thread.board.group)
    with pytest.raises(Http404):
        permissions.load_post(_request(member.user), member.group.slug, 10**9)


def test_load_session_missing_session_answers_not_found_to_a_member_and_sign_in_to_a_visitor():
    member = MembershipFactory()
    with pytest.raises(Http404):
        permissions.load_session(_request(member.user), member.group.slug, 10**9)
    assert permissions.load_session(_request(AnonymousUser()), member.group.slug, 10**9) is None
