import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roots.models import TIME_ZONE_CHOICES

from .groups import LearningGroup


class SessionQuerySet(models.QuerySet):
    def _with_end(self):
        return self.alias(
            ends_at_db=models.ExpressionWrapper(
                models.F("starts_at") + models.F("duration"), output_field=models.DateTimeField()
            )
        )

    def upcoming(self, now):
        """Sessions not over yet (a session under way counts as upcoming), soonest first."""
        return self._with_end().filter(ends_at_db__gt=now).order_by("starts_at")

    def past(self, now):
        return self._with_end().filter(ends_at_db__lte=now).order_by("-starts_at")


class Session(models.Model):
    """A meeting of a group. `starts_at` is stored in UTC; `time_zone` is where the group meets,
    so that '12:00 in Chicago' stays 12:00 in Chicago across daylight-saving changes."""

    group = models.ForeignKey(
        LearningGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        "courses.Unit",
        verbose_name=_("unit covered"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_sessions",
    )
    starts_at = models.DateTimeField(_("starts at"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="America/Chicago"
    )
    duration = models.DurationField(
        _("duration"),
        default=timedelta(hours=1),
        validators=[
            MinValueValidator(timedelta(minutes=5)),
            MaxValueValidator(timedelta(hours=12)),
        ],
    )
    place = models.CharField(_("place"), max_length=250, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    # Live CE credit: under one of the course's offerings whose accreditor credits live
    # activities, for those present at least `credit_threshold` percent of the session.
    credit_offering = models.ForeignKey(
        "certificates.CreditOffering",
        verbose_name=_("CE credit offered"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    credit_hours = models.DecimalField(
        _("credit hours"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    credit_threshold = models.PositiveSmallIntegerField(
        _("attendance needed for credit (%)"),
        default=75,
        db_default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    credit_activity_number = models.CharField(
        _("activity or event number"), max_length=60, blank=True, default="", db_default=""
    )
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        help_text=_("Raised at each change, so calendar apps replace their copy."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["group", "starts_at"], name="session_group_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration__gt=timedelta(0)), name="session_positive_duration"
            ),
            models.CheckConstraint(
                condition=models.Q(credit_threshold__gte=1, credit_threshold__lte=100),
                name="session_credit_threshold_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(credit_offering__isnull=True) | models.Q(credit_hours__gt=0),
                name="session_credit_has_hours",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("groups:session_detail", args=[self.group.slug, self.pk])

    def get_ics_url(self):
        return reverse("groups:session_ics", args=[self.group.slug, self.pk])

    @property
    def ends_at(self):
        return self.starts_at + self.duration

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def duration_minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class RSVP(models.Model):
    class Response(models.TextChoices):
        YES = "yes", _("Yes, I'll be there")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No, I can't come")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="rsvps"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="session_rsvps",
    )
    response = models.CharField(_("response"), max_length=5, choices=Response.choices)
    updated_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="rsvp_unique_person"),
        ]

    def __str__(self):
        return f"{self.user} - {self.session}: {self.get_response_display()}"


class Attendance(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="session_attendances",
    )
    attended = models.BooleanField(_("attended"), default=False)
    # Time in the session, when the facilitator entered it or imported it from the meeting
    # tool's participant report; live CE credit is granted on it.
    seconds_present = models.PositiveIntegerField(
        _("time present (seconds)"), null=True, blank=True
    )
    absence_reason = models.CharField(
        _("reason for absence"), max_length=200, blank=True, default="", db_default=""
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_unique_person"),
            models.CheckConstraint(
                condition=models.Q(seconds_present__isnull=True) | models.Q(attended=True),
                name="attendance_time_means_attended",
            ),
        ]

    def __str__(self):
        return f"{self.user} - {self.session}: {self.attended}"


class SessionReminder(models.Model):
    """Proof that a member was sent the reminder for a session: the unique row is written in the
    same transaction as the sending, so a second run of the task finds it and sends nothing."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="reminders"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("session reminder")
        verbose_name_plural = _("session reminders")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="reminder_once_per_person"),
        ]

    def __str__(self):
        return f"{self.user} - {self.session}"
