"""Credit for a live session (a learning group's brown-bag, say): granted on the time each
learner was there, under a course offering whose accreditor allows live activities. The groups
app decides who earned what; this issues the certificate, once per learner and session."""

from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from roots.tasks import enqueue_on_commit

from ..models import Certificate, CreditOffering
from .check import certificate_check
from .claim import add_months, local_today
from .common import RENDER_TASK, hours_display
from .printed import certificate_draft

QUARTER = Decimal("0.25")


def live_hours(*, offering: CreditOffering, hours: Decimal, share: Decimal, threshold: int):
    """The hours a learner present for `share` (0-1) of a session earns: all of them at or
    above the threshold (a percentage); below it, where the profile allows partial credit,
    the share of them rounded down to a quarter hour; otherwise none."""
    if share * 100 >= threshold:
        return hours
    if offering.profile.live_partial_allowed and share > 0:
        return (hours * share / QUARTER).to_integral_value(rounding=ROUND_DOWN) * QUARTER
    return Decimal(0)


@transaction.atomic
def live_certificate_issue(
    *,
    user,
    offering: CreditOffering,
    hours: Decimal,
    title: str,
    activity_number: str,
    held_on: date,
    source: str,
) -> tuple[Certificate, bool]:
    """A pending certificate for a live session (rendered by a task once this commits), or the
    one already issued for it. Raises ValidationError naming what the certificate would lack."""
    profile = offering.profile
    existing = Certificate.objects.filter(
        learner=user, source=source, credit_type=profile.credit_type
    ).first()
    if existing:
        return existing, False
    if not profile.live_allowed:
        raise ValidationError(
            _("%(profile)s does not credit live activities.") % {"profile": profile.name}
        )
    if hours <= 0:
        raise ValidationError(_("No credit was earned."))
    rules = offering.rules
    certificate = certificate_draft(
        user=user, rules=rules, offering=offering, issued_on=local_today(user), completed_on=held_on
    )
    certificate.source = source
    certificate.hours = hours
    certificate.course_title = title
    certificate.activity_number = activity_number.strip() or offering.activity_number
    if not offering.accreditation_statement.strip():
        certificate.accreditation_statement = profile.statement_for(
            provider=certificate.provider_name, hours=hours_display(hours)
        )
    missing = certificate_check(certificate=certificate, profile=profile)
    if missing:
        raise ValidationError([item.message for item in missing])
    if offering.validity_months:
        certificate.expires_on = add_months(certificate.issued_on, offering.validity_months)
    try:
        with transaction.atomic():
            certificate.save(force_insert=True)
            enqueue_on_commit(RENDER_TASK, certificate.pk)
    except IntegrityError:
        return Certificate.objects.get(
            learner=user, source=source, credit_type=profile.credit_type
        ), False
    return certificate, True
