from .models import Organization


def organizations_administered(user) -> list[Organization]:
    """The organizations this user was made administrator of (staff see all through the
    organization list instead)."""
    if not user.is_authenticated:
        return []
    return list(Organization.objects.filter(administrators__user=user).order_by("name"))
