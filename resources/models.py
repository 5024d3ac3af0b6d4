from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from roots.fulltext import weighted_vector
from roots.uploads.fields import UploadedPdfField


def max_upload_bytes() -> int:
    return settings.RESOURCE_MAX_UPLOAD_BYTES


def resource_file_path(instance, filename):
    # One fixed name per catalog number: replacing the file keeps the URL and drops the old file.
    return f"resources/{instance.catalog_number}/{instance.catalog_number}.pdf"


def resource_cover_path(instance, filename):
    return f"resources/{instance.catalog_number}/cover.png"


catalog_number_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]*$",
    _("Use capital letters, digits and hyphens only, for example NA616."),
)


class CoverProblem(models.TextChoices):
    """Why the worker refused to draw a cover (roots.uploads.render.RenderRefused.reason)."""

    TIMEOUT = "timeout", _("Drawing its first page took too long.")
    MEMORY = "memory", _("Drawing its first page needed too much memory.")
    PAGE_SIZE = "page_size", _("Its first page has a size or shape no cover can be made of.")
    UNREADABLE = "unreadable", _("Its first page could not be drawn.")


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Resource(models.Model):
    """A downloadable publication of the collaborative (guide, essays, brief...)."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        ESSAYS = "essays", _("Essays")
        BRIEF = "brief", _("Brief")
        REPORT = "report", _("Report")
        TOOLKIT = "toolkit", _("Toolkit")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        REGISTERED = "registered", _("Registered users")
        FACILITATORS = "facilitators", _("Facilitators")

    catalog_number = models.CharField(
        _("catalog number"),
        max_length=20,
        unique=True,
        validators=[catalog_number_validator],
        help_text=_("For example NA616. It is part of the resource's address."),
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    summary = models.TextField(_("summary"))
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    file = UploadedPdfField(
        _("PDF file"),
        upload_to=resource_file_path,
        max_length=200,
        max_bytes=max_upload_bytes,
        served_by="get_download_url",
    )
    file_size = models.PositiveBigIntegerField(_("file size in bytes"), default=0, editable=False)
    # Drawn from the first page by the worker (resources.tasks), never uploaded.
    cover = models.ImageField(
        _("cover thumbnail"), upload_to=resource_cover_path, blank=True, max_length=200
    )
    cover_problem = models.CharField(
        _("why there is no cover"),
        max_length=20,
        choices=CoverProblem.choices,
        blank=True,
        editable=False,
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Kept by the database for the site search (roots.search).
    search_vector = models.GeneratedField(
        expression=weighted_vector(a=["title", "catalog_number"], b=["summary", "authors"]),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "catalog_number"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [GinIndex(fields=["search_vector"], name="resource_search_vector")]

    def __str__(self):
        return f"{self.catalog_number}: {self.title}"

    def get_absolute_url(self):
        return reverse("resources:detail", args=[self.catalog_number])

    def get_download_url(self):
        return reverse("resources:download", args=[self.catalog_number])

    def get_cover_url(self):
        return reverse("resources:cover", args=[self.catalog_number])

    @property
    def download_stem(self) -> str:
        words = slugify(self.title)
        if len(words) > 60:
            words = words[:61].rsplit("-", 1)[0]
        return f"{self.catalog_number}-{words}" if words else self.catalog_number

    @property
    def download_filename(self) -> str:
        """What the browser saves the file as, e.g. NA616-facilitators-guide.pdf."""
        return f"{self.download_stem}.pdf"


class DownloadCount(models.Model):
    """Downloads per user (or anonymous) and day; a reload the same day counts once."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="downloads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    visitor_key = models.CharField(
        _("anonymous visitor"),
        max_length=64,
        blank=True,
        help_text=_("A keyed hash of the visitor's session or address; empty for signed-in users."),
    )
    day = models.DateField(_("day (UTC)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "user", "visitor_key", "day"],
                name="download_once_per_visitor_day",
                nulls_distinct=False,
            ),
            # A download belongs to a signed-in user or to an anonymous visitor, never both.
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(visitor_key=""))
                | (Q(user__isnull=True) & ~Q(visitor_key="")),
                name="download_user_or_visitor",
            ),
        ]
        indexes = [models.Index(fields=["resource", "day"])]
        ordering = ["-day", "resource"]
        verbose_name = _("download")
        verbose_name_plural = _("downloads")

    def __str__(self):
        return f"{self.resource.catalog_number} {self.day}"
