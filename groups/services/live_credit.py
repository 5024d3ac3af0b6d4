"""Live sessions as CE: a facilitator offers credit for a session under one of the course's
offerings whose accreditor credits live activities, then grants it on the attendance recorded
in minutes. The certificates themselves are issued by courses.certificates."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courses.certificates.models import CreditOffering
from courses.certificates.services import live_certificate_issue, live_hours

from ..models import Attendance, Session


def live_offerings(session: Session):
    """The offerings of the group's course that may credit a live session."""
    return CreditOffering.objects.filter(
        rules__course_id=session.group.course_id, rules__active=True, profile__live_allowed=True
    ).select_related("profile", "rules")


@transaction.atomic
def session_credit_set(
    *,
    session: Session,
    offering: CreditOffering | None,
    hours: Decimal | None,
    threshold: int,
    activity_number: str = "",
) -> Session:
    """Offer (or, with no offering, withdraw) live CE credit for a session."""
    if offering is not None:
        if not live_offerings(session).filter(pk=offering.pk).exists():
            raise ValidationError(
                _("Choose credit this group's course offers for live sessions."), code="offering"
            )
        longest = Decimal(session.duration.total_seconds()) / 3600
        if hours is None or not 0 < hours <= longest:
            raise ValidationError(
                _("Credit hours must be more than 0 and at most the session's length."),
                code="hours",
            )
    if not 1 <= threshold <= 100:
        raise ValidationError(_("The attendance needed is a percentage, 1 to 100."))
    session.credit_offering = offering
    session.credit_hours = hours if offering else None
    session.credit_threshold = threshold
    session.credit_activity_number = activity_number.strip() if offering else ""
    session.save(
        update_fields=[
            "credit_offering",
            "credit_hours",
            "credit_threshold",
            "credit_activity_number",
            "updated_at",
        ]
    )
    return session


@dataclass
class LiveCreditResult:
    granted: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    below: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    already: int = 0


def live_credit_grant(*, session: Session) -> LiveCreditResult:
    """Give each member present long enough their certificate (each in its own transaction, so
    one learner's missing CHES number refuses only theirs). Safe to run again: a learner who
    has their certificate for the session is counted, not given a second."""
    offering = session.credit_offering
    if offering is None:
        raise ValidationError(_("This session does not offer CE credit."))
    if not session.attendances.exists():
        raise ValidationError(_("Record who came, and for how long, first."))
    offering = live_offerings(session).get(pk=offering.pk)
    duration = Decimal(session.duration.total_seconds())
    held_on = session.starts_at.astimezone(session.zone).date()
    result = LiveCreditResult()
    for attendance in Attendance.objects.filter(session=session).select_related("user"):
        name = attendance.user.display_name
        if not attendance.attended or not attendance.seconds_present:
            result.absent.append(name)
            continue
        share = Decimal(attendance.seconds_present) / duration
        hours = live_hours(
            offering=offering,
            hours=session.credit_hours,
            share=share,
            threshold=session.credit_threshold,
        )
        if hours <= 0:
            result.below.append(name)
            continue
        try:
            _certificate, created = live_certificate_issue(
                user=attendance.user,
                offering=offering,
                hours=hours,
                title=_("%(course)s: %(session)s (live session)")
                % {"course": offering.rules.course.title, "session": session.title},
                activity_number=session.credit_activity_number,
                held_on=held_on,
                source=f"session:{session.pk}",
            )
        except ValidationError as error:
            result.refused.append((name, " ".join(error.messages)))
            continue
        if not created:
            result.already += 1
        elif hours < session.credit_hours:
            result.partial.append(name)
        else:
            result.granted.append(name)
    return result
