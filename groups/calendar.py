"""iCalendar (RFC 5545) files for sessions, built with the icalendar package. Times are written
in UTC, which every calendar application reads; each event's UID stays the same across edits and
its SEQUENCE goes up, so a re-imported or refreshed feed updates the event in place."""

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import LearningGroup, Session

PRODID = "-//Roots learning collaborative//Learning groups//EN"


def _host() -> str:
    return urlparse(settings.SITE_URL).hostname or "roots.invalid"


def session_uid(session: Session) -> str:
    return f"learning-group-session-{session.pk}@{_host()}"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


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


def session_event(session: Session, group: LearningGroup) -> Event:
    url = f"{settings.SITE_URL}{session.get_absolute_url()}"
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", _utc(timezone.now()))
    event.add("created", _utc(session.created_at))
    event.add("last-modified", _utc(session.updated_at))
    event.add("sequence", session.sequence)
    event.add("dtstart", _utc(session.starts_at))
    event.add("dtend", _utc(session.ends_at))
    event.add("summary", f"{group.name}: {session.title}")
    event.add("location", session.place or session.online_url or "")
    event.add("url", session.online_url or url)
    event.add("description", _description(session, url))
    event.add("status", "CONFIRMED")
    return event


def calendar_bytes(sessions: Iterable[Session], group: LearningGroup, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", "PT1H")
    for session in sessions:
        calendar.add_component(session_event(session, group))
    return calendar.to_ical()
