"""Learner progress: one row per learner and thing (enforced by unique constraints)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .content import Course, Lesson, Unit


class Enrollment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrollments"
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True)
    completed_at = models.DateTimeField(
        _("completed at"),
        null=True,
        blank=True,
        help_text=_("When the learner first had every unit of the course complete."),
    )
    terms_seen_at = models.DateTimeField(
        _("course page seen at"),
        null=True,
        blank=True,
        help_text=_(
            "When the learner enrolled from the course page, which shows the credit offered, "
            "its requirements and the disclosures; empty for other ways in."
        ),
    )
    # The end of the engaged time already counted in this course: time is counted from here
    # on, so two lessons open at once never count the same minutes twice.
    engaged_until = models.DateTimeField(_("engaged time counted until"), null=True, blank=True)

    class Meta:
        ordering = ["-last_activity_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrollment_unique_learner"),
        ]

    def __str__(self):
        return f"{self.user} - {self.course}"


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        ordering = ["-completed_at"]
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="completion_unique_learner"),
        ]

    def __str__(self):
        return f"{self.user} - {self.lesson}"


class LessonTime(models.Model):
    """The learner's engaged time on a lesson, counted by the server (`courses.services`): from
    the page's heartbeats while it is visible and in use or, for a lesson never open with
    JavaScript, from the time between opening it and marking it complete. `video_watched` is
    how much of the lesson's own video (`Lesson.native_video_seconds`) the learner played."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_times",
    )
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="times"
    )
    seconds = models.PositiveIntegerField(_("engaged seconds"), default=0)
    video_watched = models.PositiveIntegerField(_("video watched (seconds)"), default=0)
    opened_at = models.DateTimeField(_("first opened at"), default=timezone.now)
    last_beat_at = models.DateTimeField(_("last heartbeat at"), null=True, blank=True)

    class Meta:
        ordering = ["user", "lesson"]
        verbose_name = _("engaged time")
        verbose_name_plural = _("engaged time")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_time_unique_learner"),
        ]

    def __str__(self):
        return f"{self.user} - {self.lesson}: {self.seconds} s"


class Reflection(models.Model):
    """A learner's journal entry for a lesson's reflection prompt; only its author sees it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="reflections",
    )
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="reflections"
    )
    text = models.TextField(_("reflection"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="reflection_unique_learner"),
        ]

    def __str__(self):
        return f"{self.user} - {self.lesson}"


class CheckAttempt(models.Model):
    """One submission of a unit's knowledge check. `answers` maps question id (as a string) to
    the list of chosen choice ids; `score` is the percentage of questions answered exactly."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="check_attempts",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="attempts"
    )
    score = models.PositiveSmallIntegerField(
        _("score (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    passed = models.BooleanField(_("passed"))
    answers = models.JSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    # Sent with the form the learner filled in: submitting it twice (double click, resent POST)
    # records one attempt.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("knowledge-check attempt")
        verbose_name_plural = _("knowledge-check attempts")
        indexes = [models.Index(fields=["user", "unit"], name="attempt_user_unit")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="attempt_score_percent"
            ),
            models.UniqueConstraint(
                fields=["user", "submission_key"], name="attempt_unique_submission"
            ),
        ]

    def __str__(self):
        return f"{self.user} - {self.unit} - {self.score}%"


class JournalPdf(models.Model):
    """A learner's reflection journal as a PDF: one row per learner, rendered by a task. It
    keeps the version (a digest of what the PDF shows) it was made from, so an unchanged
    journal is never rendered twice; a new render replaces the file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="journal_pdf",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    version = models.CharField(_("journal version"), max_length=64, blank=True)
    pdf = models.FileField(_("PDF"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)

    class Meta:
        verbose_name = _("journal PDF")
        verbose_name_plural = _("journal PDFs")

    def __str__(self):
        return f"{self.user} - {self.get_status_display()}"
