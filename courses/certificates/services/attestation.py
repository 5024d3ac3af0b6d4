"""The learner's attestation that they took part, in the words the rules set at the time."""

from django.db import transaction

from ..models import Attestation, CreditRules


@transaction.atomic
def attestation_record(*, user, rules: CreditRules) -> Attestation:
    attestation, _created = Attestation.objects.get_or_create(
        user=user, rules=rules, defaults={"text": rules.attestation_text}
    )
    return attestation
