from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Unit
from roots.mail import absolute_url, send_templated
from roots.models import User

from ..models import RSVP, Attendance, LearningGroup, Membership, Session, SessionReminder

REMINDER_LEAD = timedelta(hours=24)


def default_agenda(unit: Unit | None) -> str:
    """A session's agenda starts as its unit's discussion questions, one a line."""
    return "\n".join(unit.discussion_questions_list) if unit is not None else ""


def _check_unit(group: LearningGroup, unit: Unit | None) -> None:
    if unit is not None and unit.course_id != group.course_id:
        raise ValidationError(
            {"unit": _("Choose a unit of this group's course.")}, code="other_course"
        )


@transaction.atomic
def session_create(
    *,
    group: LearningGroup,
    created_by: User,
    starts_at: datetime,
    time_zone: str,
    duration: timedelta,
    unit: Unit | None = None,
    title: str = "",
    place: str = "",
    online_url: str = "",
    agenda: str = "",
) -> Session:
    """Schedule a session. An empty agenda is filled with the unit's discussion questions and an
    empty title with the unit's name."""
    _check_unit(group, unit)
    return Session.objects.create(
        group=group,
        created_by=created_by,
        title=title.strip() or (str(unit) if unit else _("Group meeting")),
        unit=unit,
        starts_at=starts_at,
        time_zone=time_zone,
        duration=duration,
        place=place.strip(),
        online_url=online_url.strip(),
        agenda=agenda.strip() or default_agenda(unit),
    )


SESSION_EDITABLE_FIELDS = [
    "title",
    "unit",
    "starts_at",
    "time_zone",
    "duration",
    "place",
    "online_url",
    "agenda",
]


@transaction.atomic
def session_update(*, session: Session, data: dict) -> Session:
    """Change a session; its revision number goes up so that calendars pick the change up."""
    _check_unit(session.group, data.get("unit", session.unit))
    for field in SESSION_EDITABLE_FIELDS:
        if field in data:
            value = data[field]
            setattr(session, field, value.strip() if isinstance(value, str) else value)
    if not session.title:
        session.title = str(session.unit) if session.unit else _("Group meeting")
    session.sequence = F("sequence") + 1
    session.save()
    session.refresh_from_db(fields=["sequence"])
    return session


@transaction.atomic
def session_delete(*, session: Session) -> None:
    session.delete()


@transaction.atomic
def rsvp_set(*, session: Session, user: User, response: str) -> RSVP:
    if session.ends_at <= timezone.now():
        raise ValidationError(_("This session is over; answers are closed."), code="past")
    rsvp, _created = RSVP.objects.update_or_create(
        session=session, user=user, defaults={"response": response}
    )
    return rsvp


@dataclass(frozen=True)
class AttendanceEntry:
    """What the facilitator recorded for one member: came or not, for how long, and why not."""

    attended: bool
    seconds_present: int | None = None
    absence_reason: str = ""


@transaction.atomic
def attendance_record(
    *, session: Session, entries: dict[int, AttendanceEntry], recorded_by: User
) -> list[Attendance]:
    """Record who came, for every current member (missing from `entries`: did not come), in one
    statement whatever the group's size. Time present implies attendance and never exceeds the
    session's length."""
    if session.starts_at > timezone.now():
        raise ValidationError(
            _("Attendance can be recorded once the session has started."), code="future"
        )
    longest = int(session.duration.total_seconds())
    member_ids = (
        Membership.objects.active().filter(group=session.group).values_list("user_id", flat=True)
    )
    rows = []
    for user_id in member_ids:
        entry = entries.get(user_id, AttendanceEntry(attended=False))
        seconds = entry.seconds_present
        if seconds is not None and not 0 <= seconds <= longest:
            raise ValidationError(
                _("Time present cannot be more than the session's %(minutes)s minutes.")
                % {"minutes": longest // 60},
                code="too_long",
            )
        attended = entry.attended or bool(seconds)
        rows.append(
            Attendance(
                session=session,
                user_id=user_id,
                attended=attended,
                seconds_present=seconds if attended else None,
                absence_reason="" if attended else entry.absence_reason.strip(),
                recorded_by=recorded_by,
            )
        )
    return Attendance.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["session", "user"],
        update_fields=[
            "attended",
            "seconds_present",
            "absence_reason",
            "recorded_by",
            "recorded_at",
        ],
    )


def session_reminder_send(*, session: Session, user: User) -> bool:
    """E-mail one member the reminder for one session, at most once: the SessionReminder row is
    inserted first and committed with the sending; a second call (or a concurrent worker, which
    waits on the unique index) finds it and sends nothing. A failed send rolls the row back."""
    with transaction.atomic():
        _reminder, created = SessionReminder.objects.get_or_create(session=session, user=user)
        if not created:
            return False
        group = session.group
        send_templated(
            "emails/groups/session_reminder",
            to=user.email,
            time_zone=user.time_zone,
            context={
                "session": session,
                "group": group,
                "user": user,
                "session_url": absolute_url(session.get_absolute_url()),
                "ics_url": absolute_url(session.get_ics_url()),
                "settings_url": absolute_url(reverse("groups:settings", args=[group.slug])),
            },
        )
    return True


def session_reminders_send(*, now: datetime | None = None) -> int:
    """Remind every member who wants it of each session starting within REMINDER_LEAD.
    Returns the number of e-mails sent. Safe to run as often as you like."""
    now = now or timezone.now()
    sent = 0
    due = Session.objects.filter(starts_at__gt=now, starts_at__lte=now + REMINDER_LEAD)
    for session in due.select_related("group", "unit"):
        recipients = (
            User.objects.filter(
                group_memberships__group=session.group_id,
                group_memberships__status=Membership.Status.ACTIVE,
                group_memberships__notify_sessions=True,
                is_active=True,
            )
            .exclude(pk__in=SessionReminder.objects.filter(session=session).values("user_id"))
            .order_by("pk")
        )
        for user in recipients:
            sent += session_reminder_send(session=session, user=user)
    return sent
