"""The learner's attestation that they took part, in the words the rules set at the time and
with the time the site recorded on the course, once that time reaches what a claim needs."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.selectors import course_engaged_seconds, duration_display

from ..models import Attestation, CreditRules
from ..selectors import course_seconds_needed


def attestation_statement(*, rules: CreditRules, seconds: int) -> str:
    """The statement the learner ticks: the rules' words and the time recorded on the course."""
    recorded = _("Time recorded on this course: %(time)s.") % {"time": duration_display(seconds)}
    return f"{rules.attestation_text.strip()} {recorded}"


@transaction.atomic
def attestation_record(*, user, rules: CreditRules) -> Attestation:
    """Record the attestation, with the time on the course as it stands; refused while that
    time is below what the least demanding credit of the course needs (an attestation never
    states less time than a claim needs)."""
    existing = Attestation.objects.filter(user=user, rules=rules).first()
    if existing is not None:
        return existing
    seconds = course_engaged_seconds(user=user, course=rules.course)
    needed = course_seconds_needed(rules)
    if seconds < needed:
        raise ValidationError(
            _("Spend the time on the course first: %(spent)s of %(needed)s recorded.")
            % {"spent": duration_display(seconds), "needed": duration_display(needed)},
            code="too_soon",
        )
    attestation, _created = Attestation.objects.get_or_create(
        user=user,
        rules=rules,
        defaults={"text": attestation_statement(rules=rules, seconds=seconds)},
    )
    return attestation
