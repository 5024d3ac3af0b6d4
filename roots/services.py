from django.db import transaction

from .models import Organization, User


def organization_get_or_create(
    *, name: str, kind: str, city: str = "", state: str = ""
) -> Organization:
    name = " ".join(name.split())
    existing = Organization.objects.filter(name__iexact=name, city=city, state=state).first()
    if existing:
        return existing
    return Organization.objects.create(name=name, kind=kind, city=city, state=state)


@transaction.atomic
def profile_update(*, user: User, data: dict) -> User:
    """Save the profile; `data` is a ProfileForm's cleaned_data."""
    organization = data.get("organization")
    if data.get("new_organization_name"):
        organization = organization_get_or_create(
            name=data["new_organization_name"],
            kind=data["new_organization_kind"],
            city=data.get("new_organization_city", "").strip(),
            state=data.get("new_organization_state", ""),
        )
    user.full_name = data["full_name"].strip()
    user.organization = organization
    user.discipline = data.get("discipline", "")
    user.credential_number = data.get("credential_number", "").strip()
    user.time_zone = data["time_zone"]
    user.save(
        update_fields=["full_name", "organization", "discipline", "credential_number", "time_zone"]
    )
    return user
