"""Claiming credit: the rules are checked and a pending certificate made, once per learner,
course and credit type; its PDF is rendered by a task. The certificate check refuses one that
would miss what its accreditor profile requires."""

import calendar
import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import Enrollment
from roots.tasks import enqueue_on_commit

from ..models import Certificate, CreditRules
from ..selectors import credit_checklist, credit_completed_at
from .check import certificate_check
from .common import RENDER_TASK, hours_display
from .printed import certificate_draft, hours_left_today


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def local_date(user, moment: datetime) -> date:
    """The day `moment` falls on where the learner is (the site's zone if theirs is unknown)."""
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return timezone.localtime(moment, zone).date()


def local_today(user) -> date:
    return local_date(user, timezone.now())


@transaction.atomic
def certificate_claim(*, user, course, credit_type: str) -> Certificate:
    """Claim credit: a pending certificate, rendered by a task queued once this commits.
    Claiming again (double click, two tabs, 50 at once) answers the one certificate."""
    existing = (
        Certificate.objects.for_courses()
        .filter(learner=user, course=course, credit_type=credit_type)
        .first()
    )
    if existing:
        return existing
    rules = (
        CreditRules.objects.select_related("course", "provider")
        .filter(course=course, active=True)
        .first()
    )
    if rules is None:
        raise ValidationError(_("This course does not offer continuing-education credit."))
    offering = (
        rules.offerings.select_related("profile").filter(profile__credit_type=credit_type).first()
    )
    if offering is None:
        raise ValidationError(_("This course does not offer that kind of credit."))
    checklist = credit_checklist(user=user, rules=rules, credit_type=credit_type)
    if not checklist.ready:
        raise ValidationError(
            _("Not yet: %(missing)s.") % {"missing": "; ".join(checklist.missing).lower()}
        )
    completed_at = credit_completed_at(user=user, rules=rules)
    certificate = certificate_draft(
        user=user,
        rules=rules,
        offering=offering,
        issued_on=local_today(user),
        completed_on=local_date(user, completed_at) if completed_at else None,
    )
    certificate.terms_seen_at = (
        Enrollment.objects.filter(user=user, course=course)
        .values_list("terms_seen_at", flat=True)
        .first()
    )
    missing = certificate_check(certificate=certificate, profile=offering.profile)
    if missing:
        raise ValidationError({item.key: [item.message] for item in missing})
    if offering.validity_months:
        certificate.expires_on = add_months(certificate.issued_on, offering.validity_months)
    cap = offering.profile.daily_cap_hours
    if cap is not None:
        # One claim at a time per learner, so that two at once cannot both take what is left.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        left = hours_left_today(
            user=user, credit_type=credit_type, completed_on=certificate.completed_on, cap=cap
        )
        if left <= 0:
            raise ValidationError(
                _(
                    "You already hold the most %(unit)s given for one day (%(cap)s) for what "
                    "you completed on %(day)s."
                )
                % {
                    "unit": offering.profile.credit_unit,
                    "cap": hours_display(cap),
                    "day": date_format(certificate.completed_on, "j F Y"),
                }
            )
        certificate.hours = min(certificate.hours, left)
    try:
        with transaction.atomic():
            certificate.save(force_insert=True)
            enqueue_on_commit(RENDER_TASK, certificate.pk)
    except IntegrityError:
        return Certificate.objects.for_courses().get(
            learner=user, course=course, credit_type=credit_type
        )
    return certificate
