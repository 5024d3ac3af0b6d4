from django import template
from django.utils import timezone

from coalition import selectors

register = template.Library()

STATE_BADGES = {
    "draft": "text-bg-secondary",
    "in_review": "text-bg-warning",
    "scheduled": "text-bg-info",
    "published": "text-bg-success",
    "unpublished": "text-bg-dark",
    "not_started": "text-bg-secondary",
    "in_progress": "text-bg-info",
    "achieved": "text-bg-success",
    "missed": "text-bg-danger",
    "pending": "text-bg-warning",
    "approved": "text-bg-success",
    "hidden": "text-bg-dark",
}


@register.filter
def badge_class(value):
    return STATE_BADGES.get(str(value), "text-bg-secondary")


@register.simple_tag
def upcoming_events(limit=3):
    """The next events, for the home page: one query."""
    return list(selectors.events_upcoming(now=timezone.now(), limit=int(limit)))


@register.inclusion_tag("coalition/components/event_when.html")
def event_when(event):
    zone = event.zone
    starts, ends = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    viewer_zone = timezone.get_current_timezone()
    same_zone = starts.utcoffset() == event.starts_at.astimezone(viewer_zone).utcoffset()
    return {
        "event": event,
        "same_day": starts.date() == ends.date(),
        "show_viewer_time": not same_zone,
    }


@register.filter
def startswith(value, prefix):
    return str(value).startswith(str(prefix))
