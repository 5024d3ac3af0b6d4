from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from .models import Organization, User
from .selectors import pending_email_addresses


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
    user.dob_month, user.dob_day = data.get("dob_month"), data.get("dob_day")
    user.time_zone = data["time_zone"]
    user.save(
        update_fields=[
            "full_name",
            "organization",
            "discipline",
            "credential_number",
            "dob_month",
            "dob_day",
            "time_zone",
        ]
    )
    return user


CLAIM_FIELDS = ("credential_number", "dob_month", "dob_day")


@transaction.atomic
def profile_claim_fields_update(*, user: User, data: dict) -> User:
    """Save the profile fields an accreditor asks for, given on a claim page: only those in
    `data` (a credential number, a birth month and day), checked as the profile form checks
    them (a birth day needs its month, and exists in it)."""
    fields = [name for name in CLAIM_FIELDS if name in data]
    for name in fields:
        value = data[name]
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.clean()
    try:
        user.validate_constraints()
    except ValidationError as exc:
        raise ValidationError({"dob_day": exc.messages}) from exc
    if fields:
        user.save(update_fields=fields)
    return user


def email_address_add(*, request: HttpRequest, user: User, email: str) -> EmailAddress:
    """Start changing the address `user` signs in with to `email` (the add form of
    /accounts/email/, ACCOUNT_CHANGE_EMAIL): the new address waits, unverified, beside the
    sign-in address, which stays until the new one is verified (allauth then makes that the
    sign-in address and removes the others). A change asked for earlier is replaced; the sign-in
    address never is, even when it is unverified too, so the account always keeps a login."""
    with transaction.atomic():
        pending_email_addresses(user).delete()
        address = EmailAddress.objects.create(user=user, email=email.lower())
    send_verification_email_to_address(request, address)
    return address
