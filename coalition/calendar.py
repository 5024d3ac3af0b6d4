"""Events as iCalendar files (RFC 5545) that calendar programs import."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event
from .text import plain_text


def event_calendar(event: Event, *, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Roots//Coalition events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "roots"
    entry.add("uid", f"{event.uid}@{host}")
    entry.add("dtstamp", timezone.now())
    # Local time with its TZID (and a VTIMEZONE below), so the event stays at 9:00 in Chicago
    # even if daylight-saving rules change; UTC events are written with a Z.
    entry.add("dtstart", event.starts_at.astimezone(event.zone))
    entry.add("dtend", event.ends_at.astimezone(event.zone))
    entry.add("last-modified", event.updated_at)
    entry.add("summary", event.title)
    entry.add("description", plain_text(event.description))
    if event.location:
        entry.add("location", event.location)
    entry.add("url", event.registration_url or event.online_url or url)
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
