"""Coalition events as calendar files (written by roots.ics) in the event's own time zone."""

from roots import ics
from roots.text import plain_text

from .models import Event


def event_calendar(event: Event, *, url: str) -> bytes:
    entry = ics.CalendarEvent(
        uid=str(event.uid),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        url=event.registration_url or event.online_url or url,
        description=plain_text(event.description),
        location=event.location,
        modified=event.updated_at,
        zone=event.zone,
    )
    return ics.calendar_bytes([entry])
