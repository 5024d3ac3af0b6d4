"""Pages, goals' progress and events: the coalition's other published content."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalition.models import Event, Goal, GoalUpdate, Page
from coalition.permissions import can_edit_coalition

PAGE_FIELDS = ["title", "summary", "body"]
EVENT_FIELDS = [
    "title",
    "slug",
    "kind",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue",
    "address",
    "online_url",
    "description",
    "registration_url",
]


def _require_editor(user) -> None:
    if not can_edit_coalition(user):
        raise PermissionDenied(_("Only editors and publishers change the coalition's pages."))


@transaction.atomic
def page_update(*, page: Page, by, data: dict) -> Page:
    """Save a page (new or changed); `data` holds any of its title, summary and body."""
    _require_editor(by)
    for field in PAGE_FIELDS:
        if field in data:
            setattr(page, field, data[field])
    page.updated_by = by
    page.full_clean()
    page.save()
    return page


def goal_status_refresh(*, goal: Goal) -> Goal:
    """A goal's status is the status of its most recent progress update."""
    latest = goal.updates.order_by("-date", "-pk").values_list("status", flat=True).first()
    status = latest or Goal._meta.get_field("status").default
    if goal.status != status:
        goal.status = status
        goal.save(update_fields=["status", "updated_at"])
    return goal


@transaction.atomic
def goal_update_create(
    *, goal: Goal, by, date: datetime.date, status: str, note: str
) -> GoalUpdate:
    _require_editor(by)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    update = GoalUpdate(goal=goal, date=date, status=status, note=note.strip(), created_by=by)
    update.full_clean()
    update.save()
    goal_status_refresh(goal=goal)
    return update


def _unique_event_slug(event: Event) -> str:
    base = slugify(f"{event.title} {event.starts_at:%Y-%m-%d}")[:100] or "event"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exclude(pk=event.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def event_save(*, event: Event, by, data: dict) -> Event:
    """Create or change an event; `data` holds its fields with times already in UTC or aware.
    An empty address (slug) is made from the title and date."""
    _require_editor(by)
    for field in EVENT_FIELDS:
        if field in data:
            setattr(event, field, data[field])
    if not event.slug:
        event.slug = _unique_event_slug(event)
    event.full_clean()
    event.save()
    return event
