"""Who may see and download which publication.

- Published resources can be seen by everyone; unpublished ones only by editors and staff.
- Downloading follows the resource's audience: everyone; registered (signed-in) users; or
  facilitators, meaning staff, editors and anyone who facilitates a learning group."""

from django.apps import apps

from roots.permissions import is_editor, is_staff

from .models import Resource


def can_manage_resources(user) -> bool:
    return is_editor(user) or is_staff(user)


def can_view_resource(user, resource: Resource) -> bool:
    return resource.published or can_manage_resources(user)


def _facilitates_a_group(user) -> bool:
    """An active facilitator membership in any learning group. The groups app sits above this
    one (docs/architecture.md), so its model is looked up by name, not imported."""
    membership = apps.get_model("learning_groups", "Membership")
    return membership.objects.filter(user=user, role="facilitator", status="active").exists()


def is_facilitator_anywhere(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_is_facilitator_anywhere", None)
    if cached is None:
        cached = can_manage_resources(user) or _facilitates_a_group(user)
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
