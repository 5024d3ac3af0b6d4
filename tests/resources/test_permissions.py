import pytest
from django.contrib.auth.models import AnonymousUser

from resources.permissions import can_download_resource, can_view_resource, is_facilitator_anywhere

from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_is_facilitator_anywhere_anonymous_is_false():
    assert not is_facilitator_anywhere(AnonymousUser())


def test_is_facilitator_anywhere_practitioner_without_groups_is_false(practitioner):
    assert not is_facilitator_anywhere(practitioner)


@pytest.mark.parametrize(
    "membership",
    [
        {"role": "member"},
        {"role": "facilitator", "status": "left"},
        {"facilitator": True, "pending": True},
    ],
    ids=["plain member", "former facilitator", "pending"],
)
def test_is_facilitator_anywhere_only_an_active_facilitator_membership_counts(membership):
    from tests.groups.factories import MembershipFactory

    someone = MembershipFactory(**membership).user
    assert not is_facilitator_anywhere(someone)


@pytest.mark.parametrize("role", ["editor", "staff_user", "superuser", "facilitator"])
def test_is_facilitator_anywhere_staff_editors_and_group_facilitators_are_true(role, request):
    assert is_facilitator_anywhere(request.getfixturevalue(role))


def test_is_facilitator_anywhere_asks_the_database_once_per_request(
    practitioner, django_assert_num_queries
):
    is_facilitator_anywhere(practitioner)

    with django_assert_num_queries(0):
        is_facilitator_anywhere(practitioner)


def test_can_view_resource_draft_only_for_editors_and_staff(practitioner, editor, staff_user):
    draft = ResourceFactory(draft=True)

    assert not can_view_resource(AnonymousUser(), draft)
    assert not can_view_resource(practitioner, draft)
    assert can_view_resource(editor, draft)
    assert can_view_resource(staff_user, draft)


def test_can_download_resource_registered_needs_an_account(practitioner):
    resource = ResourceFactory(registered=True)

    assert not can_download_resource(AnonymousUser(), resource)
    assert can_download_resource(practitioner, resource)
