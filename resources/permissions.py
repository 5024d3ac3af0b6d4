"""Who may see and download which publication.

- Published resources can be seen by everyone; unpublished ones only by editors and staff.
- Downloading follows the resource's audience: everyone; registered (signed-in) users; or
  facilitators, meaning staff, editors and the active facilitators, with a verified e-mail
  address, of an approved learning group: one that staff approved, or that an administrator of
  its organization attached to it. Creating a group is open to every verified user, so a group
  of one's own grants nothing (docs/decisions/facilitator-audience.md). This is the one place
  the rule is written."""

from django.apps import apps

from roots.permissions import has_verified_email, is_editor, is_staff

from .models import Resource


def can_manage_resources(user) -> bool:
    return is_editor(user) or is_staff(user)


def can_view_resource(user, resource: Resource) -> bool:
    return resource.published or can_manage_resources(user)


def _facilitates_an_approved_group(user) -> bool:
    """An active facilitator membership in an approved learning group. The groups app sits
    above this one (docs/architecture.md), so its model is looked up by name, not imported."""
    if not has_verified_email(user):
        return False
    membership = apps.get_model("learning_groups", "Membership")
    return membership.objects.filter(
        user=user, role="facilitator", status="active", group__approved_at__isnull=False
    ).exists()


def is_facilitator_anywhere(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_is_facilitator_anywhere", None)
    if cached is None:
        cached = can_manage_resources(user) or _facilitates_an_approved_group(user)
        user._is_facilitator_anywhere = cached
    return cached


def is_in_audience(user, resource: Resource) -> bool:
    if resource.audience == Resource.Audience.PUBLIC:
        return True
    if resource.audience == Resource.Audience.REGISTERED:
        return user.is_authenticated
    return is_facilitator_anywhere(user)


def can_download_resource(user, resource: Resource) -> bool:
    return can_view_resource(user, resource) and is_in_audience(user, resource)
