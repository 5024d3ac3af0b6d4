import uuid
import zoneinfo

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.validators import validate_event_slug, validate_time_zone
from roots.fulltext import weighted_vector


class EventQuerySet(models.QuerySet):
    def upcoming(self, now):
        return self.filter(ends_at__gte=now).order_by("starts_at", "pk")

    def past(self, now):
        return self.filter(ends_at__lt=now).order_by("-starts_at", "-pk")


class Event(models.Model):
    """A coalition event. Times are stored in UTC; `time_zone` is where the event happens, and
    the times are entered and first shown in it."""

    class Kind(models.TextChoices):
        SUMMIT = "summit", _("Summit")
        WEBINAR = "webinar", _("Webinar")
        MEETING = "meeting", _("Meeting")
        WORKSHOP = "workshop", _("Workshop")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address"), max_length=120, unique=True, validators=[validate_event_slug]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/Chicago",
        validators=[validate_time_zone],
        help_text=_("Where the event happens, e.g. America/Chicago."),
    )
    venue = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    description = models.TextField(
        _("description"), help_text=_("Markdown: **bold**, *italic*, lists, links.")
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept by the database for the site search (roots.search).
    search_vector = models.GeneratedField(
        expression=weighted_vector(a=["title"], b=["venue", "address"], c=["description"]),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(venue="", online_url=""), name="event_has_place_or_link"
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="event_starts_at"),
            models.Index(fields=["ends_at"], name="event_ends_at"),
            GinIndex(fields=["search_vector"], name="event_search_vector"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("coalition:event_detail", args=[self.slug])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def location(self) -> str:
        """Where to go, in one line: the place and address, else the online link."""
        place = ", ".join(part for part in (self.venue, self.address) if part)
        return place or self.online_url
