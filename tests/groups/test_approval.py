"""No one grants themselves an audience: facilitators-only resources go to facilitators of an
approved group (staff approved it, or an administrator of its organization attached it), and
only an organization's administrators attach groups to it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import LearningGroup, Membership
from roots.models import OrganizationAdministrator
from tests.factories import OrganizationFactory, UserFactory
from tests.resources.factories import ResourceFactory

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def guide(db):
    return ResourceFactory(facilitators=True, title="Facilitator's Guide")


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Lakeside County Health Department")


@pytest.fixture
def org_admin(organization):
    user = UserFactory(verified=True, organization=organization)
    OrganizationAdministrator.objects.create(organization=organization, user=user)
    return user


def _create_group(client, user, course, **fields):
    client.force_login(user)
    data = {"course": course.pk, "name": "My own group", "kind": "other", **fields}
    return client.post(reverse("groups:create"), data)


def _downloads(client, user, resource) -> bool:
    client.force_login(user)
    response = client.get(resource.get_download_url())
    return response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_self_made_unlisted_group_does_not_open_facilitators_only_resources(
    client, course, practitioner, guide
):
    response = _create_group(client, practitioner, course, member_limit="")
    group = LearningGroup.objects.get(name="My own group")
    assert response.status_code == 302
    assert not group.listed
    assert Membership.objects.get(group=group, user=practitioner).is_facilitator

    refused = client.get(guide.get_download_url())
    detail = client.get(guide.get_absolute_url())

    assert refused.status_code == 403
    assert "approved" in refused.text
    assert "Your account cannot download it yet" in detail.text


def test_verified_sock_puppet_members_do_not_open_them_either(client, course, practitioner, guide):
    _create_group(client, practitioner, course, listed="on")
    group = LearningGroup.objects.get(name="My own group")
    for _ in range(5):
        MembershipFactory(group=group)  # verified accounts, cheap to make

    assert not _downloads(client, practitioner, guide)


def test_group_attached_by_an_organization_administrator_opens_them(
    client, course, org_admin, organization, guide
):
    _create_group(client, org_admin, course, organization=organization.pk, listed="on")
    group = LearningGroup.objects.get(name="My own group")

    assert group.organization == organization
    assert group.approved_by == org_admin
    assert _downloads(client, org_admin, guide)


def test_approved_groups_members_and_unverified_facilitators_do_not_get_them(client, guide):
    member = MembershipFactory().user  # an approved factory group
    unverified = MembershipFactory(facilitator=True, user__verified=False).user

    assert not _downloads(client, member, guide)
    assert not _downloads(client, unverified, guide)


def test_staff_approve_a_group_in_the_admin_and_can_withdraw_it(
    client, course, practitioner, superuser, guide
):
    _create_group(client, practitioner, course)
    group = LearningGroup.objects.get(name="My own group")
    changelist = reverse("admin:learning_groups_learninggroup_changelist")

    client.force_login(superuser)
    client.post(changelist, {"action": "approve", "_selected_action": [group.pk]})
    group.refresh_from_db()
    assert group.approved_by == superuser
    assert _downloads(client, practitioner, guide)

    client.force_login(superuser)
    client.post(changelist, {"action": "withdraw_approval", "_selected_action": [group.pk]})
    practitioner = type(practitioner).objects.get(pk=practitioner.pk)  # a new request's user
    assert not _downloads(client, practitioner, guide)


def test_facilitator_cannot_attach_a_new_group_to_an_organization_they_do_not_administer(
    client, course, practitioner, organization
):
    response = _create_group(client, practitioner, course, organization=organization.pk)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not LearningGroup.objects.exists()
    with pytest.raises(ValidationError, match="Only administrators of Lakeside County"):
        services.group_create(
            creator=practitioner,
            course=course,
            name="Sneaky",
            kind="other",
            organization=organization,
        )


def test_group_form_offers_only_the_organizations_one_administers(
    client, practitioner, org_admin, organization
):
    OrganizationFactory(name="Another Health Department")
    practitioner.organization = organization
    practitioner.save()

    client.force_login(practitioner)
    plain = client.get(reverse("groups:create")).text
    client.force_login(org_admin)
    admin = client.get(reverse("groups:create")).text

    assert "Lakeside County Health Department" not in plain
    assert "only its administrators can attach a group to it" in plain
    assert f'<option value="{organization.pk}" selected>' in admin
    assert "Another Health Department" not in admin


def test_facilitator_cannot_move_their_group_under_an_organization_on_edit(
    client, group, facilitator, organization
):
    client.force_login(facilitator)
    response = client.post(
        reverse("groups:edit", args=[group.slug]),
        {"name": group.name, "kind": "other", "organization": organization.pk, "listed": "on"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    group.refresh_from_db()
    assert group.organization is None
    assert group.approved_at is None


def test_organization_administrator_attaches_a_group_and_detaching_withdraws_approval(
    client, group, facilitator, org_admin, organization, guide
):
    MembershipFactory(group=group, user=org_admin, facilitator=True)
    client.force_login(org_admin)
    client.post(
        reverse("groups:edit", args=[group.slug]),
        {"name": group.name, "kind": "other", "organization": organization.pk, "listed": "on"},
    )
    group.refresh_from_db()
    assert group.approved_by == org_admin
    facilitator.date_joined = timezone.now() - timedelta(days=3)
    assert _downloads(client, facilitator, guide)

    # The other facilitator keeps the organization when saving the settings...
    client.force_login(facilitator)
    kept = client.post(
        reverse("groups:edit", args=[group.slug]),
        {"name": "Renamed", "kind": "other", "organization": organization.pk, "listed": "on"},
    )
    assert kept.status_code == 302
    group.refresh_from_db()
    assert group.is_approved
    # ...and taking the group out of it withdraws the organization's approval.
    client.post(
        reverse("groups:edit", args=[group.slug]),
        {"name": "Renamed", "kind": "other", "organization": "", "listed": "on"},
    )
    group.refresh_from_db()
    assert group.organization is None
    assert not group.is_approved
    facilitator = type(facilitator).objects.get(pk=facilitator.pk)
    assert not _downloads(client, facilitator, guide)
