"""What a certificate prints, gathered when it is claimed: the course's, the offering's and its
profile's, the provider's and the learner's, copied so that later edits never change it; and
the daily cap some profiles put on the credit one learner is given for one day."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from ..models import Certificate, CreditOffering, CreditRules, LearnerField
from .common import hours_display


def provider_address_line(address: str) -> str:
    """A postal address typed on several lines, printed on one."""
    return ", ".join(line.strip() for line in address.splitlines() if line.strip())


def certificate_draft(
    *,
    user,
    rules: CreditRules,
    offering: CreditOffering,
    issued_on: date,
    completed_on: date | None,
) -> Certificate:
    """The unsaved certificate a claim would make, every printed field filled in."""
    profile = offering.profile
    provider = rules.provider
    provider_name = provider.name.strip() if provider else ""
    statement = offering.accreditation_statement.strip() or profile.statement_for(
        provider=provider_name, hours=hours_display(offering.hours)
    )
    asks_credential = profile.asks(LearnerField.CREDENTIAL_NUMBER)
    return Certificate(
        learner=user,
        course=rules.course,
        credit_type=profile.credit_type,
        learner_name=user.full_name.strip(),
        course_title=rules.course.title,
        hours=offering.hours,
        credit_unit=profile.credit_unit,
        provider_number=offering.provider_number,
        activity_number=offering.activity_number,
        accreditation_statement=statement,
        provider_name=provider_name,
        provider_address=provider_address_line(provider.address) if provider else "",
        signatory_name=provider.signatory_name if provider else "",
        signatory_title=provider.signatory_title if provider else "",
        signature=provider.signature.name if provider and provider.signature else "",
        credential_label=profile.credential_label if asks_credential else "",
        credential_number=user.credential_number.strip() if asks_credential else "",
        completed_on=completed_on,
        issued_on=issued_on,
    )


def hours_left_today(*, user, credit_type: str, completed_on: date, cap: Decimal) -> Decimal:
    """What is left of a daily cap for credit completed on `completed_on`: the cap less what
    this learner holds of this credit type for that day (a revoked certificate is no credit).
    The caller holds the learner's row locked, so two claims at once cannot both take it."""
    given = (
        Certificate.objects.filter(learner=user, credit_type=credit_type, completed_on=completed_on)
        .exclude(status=Certificate.Status.REVOKED)
        .aggregate(total=Sum("hours"))["total"]
    ) or Decimal(0)
    return max(cap - given, Decimal(0))
