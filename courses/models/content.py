"""Course content, authored in the admin: courses, units, lessons, readings, knowledge
checks."""

from urllib.parse import urlparse

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roots.fulltext import weighted_vector

# The hosts whose players the Content-Security-Policy lets the lesson page frame.
VIDEO_EMBED_PREFIXES = (
    "https://www.youtube-nocookie.com/embed/",
    "https://player.vimeo.com/video/",
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def validate_video_embed_url(value: str) -> None:
    if value and not value.startswith(VIDEO_EMBED_PREFIXES):
        raise ValidationError(
            _("Use an embed address from %(hosts)s."),
            code="video_host",
            params={"hosts": ", ".join(urlparse(p).netloc for p in VIDEO_EMBED_PREFIXES)},
        )


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Course(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.TextField(_("summary"))
    learning_objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("One objective per line.")
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        default=0,
    )
    published = models.BooleanField(_("published"), default=False)
    check_attempts = models.PositiveSmallIntegerField(
        _("knowledge-check attempts"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many times a learner may submit each unit's knowledge check. The right answers "
            "and explanations are shown once the check is passed or these attempts are used up."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_attempts__gte=1), name="course_check_attempts_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:detail", args=[self.slug])

    @property
    def objectives_list(self) -> list[str]:
        return _lines(self.learning_objectives)


class Unit(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="units"
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    guiding_question = models.CharField(_("guiding question"), max_length=300, blank=True)
    overview = models.TextField(_("overview"), help_text=_("Markdown."))
    objectives = models.TextField(_("objectives"), blank=True, help_text=_("One per line."))
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=60)
    discussion_questions = models.TextField(
        _("discussion questions"),
        blank=True,
        help_text=_("For learning groups. One question per line."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Percentage of knowledge-check questions answered correctly to pass."),
    )
    resources = models.ManyToManyField(
        "resources.Resource",
        verbose_name=_("related resources"),
        related_name="units",
        blank=True,
    )
    # Kept by the database for the site search (roots.search).
    search_vector = models.GeneratedField(
        expression=weighted_vector(
            a=["title"],
            b=["guiding_question", "objectives"],
            c=["overview", "discussion_questions"],
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["course", "number"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [GinIndex(fields=["search_vector"], name="unit_search_vector")]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="unit_unique_number"),
            models.CheckConstraint(
                condition=models.Q(pass_mark__lte=100), name="unit_pass_mark_percent"
            ),
        ]

    def __str__(self):
        return _("Unit %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    def get_absolute_url(self):
        return reverse("courses:unit", args=[self.course.slug, self.number])

    def get_check_url(self):
        return reverse("courses:check", args=[self.course.slug, self.number])

    @property
    def objectives_list(self) -> list[str]:
        return _lines(self.objectives)

    @property
    def discussion_questions_list(self) -> list[str]:
        return _lines(self.discussion_questions)


class Lesson(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="lessons"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    body = models.TextField(_("body"), help_text=_("Markdown. HTML is cleaned before display."))
    video_url = models.URLField(
        _("video embed address"),
        blank=True,
        validators=[validate_video_embed_url],
        help_text=_(
            "Optional. An embed address from youtube-nocookie.com or player.vimeo.com. "
            "A video needs a transcript."
        ),
    )
    transcript = models.TextField(_("video transcript"), blank=True)
    # The length of a video the site plays itself (a native <video> on the page, which reports
    # what was played); embedded players report nothing, so their lessons keep the time rule.
    native_video_seconds = models.PositiveIntegerField(
        _("length of the lesson's own video (seconds)"), null=True, blank=True
    )
    reflection_prompt = models.TextField(_("reflection prompt"), blank=True)
    # Kept by the database for the site search (roots.search).
    search_vector = models.GeneratedField(
        expression=weighted_vector(a=["title"], c=["body", "transcript", "reflection_prompt"]),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["unit", "position"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        indexes = [GinIndex(fields=["search_vector"], name="lesson_search_vector")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "position"], name="lesson_unique_position"),
            models.UniqueConstraint(fields=["unit", "slug"], name="lesson_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(video_url="") | ~models.Q(transcript=""),
                name="lesson_video_needs_transcript",
                violation_error_message=_("A lesson with a video needs its text transcript."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        unit = self.unit
        return reverse("courses:lesson", args=[unit.course.slug, unit.number, self.slug])

    def clean(self):
        super().clean()
        if self.video_url and not self.transcript.strip():
            raise ValidationError(
                {"transcript": _("A lesson with a video needs its text transcript.")}
            )


class LessonReading(models.Model):
    """A reading for a lesson: a web page (url) or a publication of the library (resource)."""

    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="readings"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(
        _("title"), max_length=250, blank=True, help_text=_("Defaults to the resource's title.")
    )
    url = models.URLField(_("web address"), blank=True)
    resource = models.ForeignKey(
        "resources.Resource",
        verbose_name=_("library resource"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lesson_readings",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["lesson", "position", "pk"]
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(url="") & models.Q(resource__isnull=False))
                | (~models.Q(url="") & models.Q(resource__isnull=True)),
                name="reading_url_xor_resource",
                violation_error_message=_(
                    "A reading is either a web address or a library resource, not both."
                ),
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.resource_id:
            return self.resource.title
        return self.url


class CheckQuestion(models.Model):
    """A question of a unit's knowledge check."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)

    class Meta:
        ordering = ["unit", "position", "pk"]
        verbose_name = _("knowledge-check question")
        verbose_name_plural = _("knowledge-check questions")

    def __str__(self):
        return self.text[:80]


class CheckChoice(models.Model):
    question = models.ForeignKey(
        CheckQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(
        _("feedback"),
        blank=True,
        help_text=_("Shown after submitting: why this is right or wrong."),
    )

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text
