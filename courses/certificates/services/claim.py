"""Claiming credit: the rules are checked and a pending certificate made, once per learner,
course and credit type; its PDF is rendered by a task."""

import calendar
import zoneinfo
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roots.tasks import enqueue_on_commit

from ..models import Certificate, CreditRules
from ..selectors import credit_checklist
from .common import RENDER_TASK


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_today(user) -> date:
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return timezone.localtime(timezone.now(), zone).date()


@transaction.atomic
def certificate_claim(*, user, course, credit_type: str) -> Certificate:
    """Claim credit: a pending certificate, rendered by a task queued once this commits.
    Claiming again (double click, two tabs, 50 at once) answers the one certificate."""
    existing = Certificate.objects.filter(
        learner=user, course=course, credit_type=credit_type
    ).first()
    if existing:
        return existing
    rules = CreditRules.objects.filter(course=course, active=True).first()
    if rules is None:
        raise ValidationError(_("This course does not offer continuing-education credit."))
    offering = rules.offerings.filter(credit_type=credit_type).first()
    if offering is None:
        raise ValidationError(_("This course does not offer that kind of credit."))
    checklist = credit_checklist(user=user, rules=rules, credit_type=credit_type)
    if not checklist.ready:
        raise ValidationError(
            _("Not yet: %(missing)s.") % {"missing": "; ".join(checklist.missing).lower()}
        )
    issued_on = local_today(user)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                learner=user,
                course=course,
                credit_type=credit_type,
                learner_name=user.full_name.strip(),
                course_title=course.title,
                hours=offering.hours,
                provider_number=offering.provider_number,
                activity_number=offering.activity_number,
                accreditation_statement=offering.accreditation_statement,
                issued_on=issued_on,
                expires_on=add_months(issued_on, offering.validity_months)
                if offering.validity_months
                else None,
            )
            enqueue_on_commit(RENDER_TASK, certificate.pk)
    except IntegrityError:
        return Certificate.objects.get(learner=user, course=course, credit_type=credit_type)
    return certificate
