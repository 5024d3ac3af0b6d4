from allauth.account.models import EmailAddress
from django.db.models import QuerySet

from .models import Organization


def organizations_administered(user) -> list[Organization]:
    """The organizations this user was made administrator of (staff see all through the
    organization list instead)."""
    if not user.is_authenticated:
        return []
    return list(Organization.objects.filter(administrators__user=user).order_by("name"))


def pending_email_addresses(user) -> QuerySet[EmailAddress]:
    """The addresses a user asked to change to and has not verified yet, oldest first: never the
    address they sign in with (User.email), even while that one is unverified too."""
    return (
        EmailAddress.objects.filter(user_id=user.pk, verified=False)
        .exclude(email__iexact=user.email)
        .order_by("pk")
    )
