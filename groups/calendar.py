"""Learning-group sessions as calendar events (written by roots.ics), in UTC: every calendar
application reads it. A session's SEQUENCE goes up with each edit."""

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from roots import ics

from .models import LearningGroup, Session


def _description(session: Session, url: str) -> str:
    parts = []
    if session.unit_id:
        parts.append(_("Unit: %(unit)s") % {"unit": session.unit})
    if session.agenda_items:
        parts.append(_("Agenda:") + "\n" + "\n".join(f"- {item}" for item in session.agenda_items))
    if session.online_url:
        parts.append(_("Join online: %(url)s") % {"url": session.online_url})
    parts.append(_("Session page: %(url)s") % {"url": url})
    return "\n\n".join(parts)


def session_event(session: Session, group: LearningGroup) -> ics.CalendarEvent:
    url = f"{settings.SITE_URL}{session.get_absolute_url()}"
    return ics.CalendarEvent(
        uid=f"learning-group-session-{session.pk}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=f"{group.name}: {session.title}",
        url=session.online_url or url,
        description=_description(session, url),
        location=session.place or session.online_url or "",
        created=session.created_at,
        modified=session.updated_at,
        sequence=session.sequence,
    )


def calendar_bytes(sessions: Iterable[Session], group: LearningGroup, *, name: str) -> bytes:
    return ics.calendar_bytes((session_event(session, group) for session in sessions), name=name)
