"""iCalendar (RFC 5545) files, built with the icalendar package: one builder for every app's
events (learning-group sessions, coalition events).

Each app says what an event is; this module writes it the same way everywhere: a UID that stays
the same across edits (a refreshed feed updates the event in place), a SEQUENCE that rises with
each edit, and times either in UTC or, when the event has a time zone of its own, as local time
with that zone (so a 9:00 meeting in Chicago stays at 9:00 if daylight-saving rules change).
Text fields leave out control and bidirectional-override characters, whatever the stored text
holds: a calendar program shows a summary as it is, and an override would reorder it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from .validators import strip_control_characters

PRODID = "-//Roots learning collaborative//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # unique within the site, e.g. "learning-group-session-12"
    starts_at: datetime
    ends_at: datetime
    summary: str
    url: str
    description: str = ""
    location: str = ""
    created: datetime | None = None
    modified: datetime | None = None
    sequence: int | None = None
    zone: ZoneInfo | None = None  # None: written in UTC


def _host() -> str:
    return urlparse(settings.SITE_URL).hostname or "roots.invalid"


def _when(moment: datetime, zone: ZoneInfo | None) -> datetime:
    return moment.astimezone(zone or UTC)


def _component(event: CalendarEvent) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", f"{event.uid}@{_host()}")
    entry.add("dtstamp", timezone.now().astimezone(UTC))
    if event.created:
        entry.add("created", event.created.astimezone(UTC))
    if event.modified:
        entry.add("last-modified", event.modified.astimezone(UTC))
    if event.sequence is not None:
        entry.add("sequence", event.sequence)
    entry.add("dtstart", _when(event.starts_at, event.zone))
    entry.add("dtend", _when(event.ends_at, event.zone))
    entry.add("summary", strip_control_characters(event.summary))
    if event.location:
        entry.add("location", strip_control_characters(event.location))
    entry.add("url", event.url)
    if event.description:
        entry.add("description", strip_control_characters(event.description, multiline=True))
    entry.add("status", "CONFIRMED")
    return entry


def calendar_bytes(events: Iterable[CalendarEvent], *, name: str = "") -> bytes:
    """A calendar file of `events`; `name` is the title calendar programs show for a feed."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", strip_control_characters(name))
        calendar.add("x-published-ttl", "PT1H")
    for event in events:
        calendar.add_component(_component(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()
