import secrets

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.validators import validate_report_slug
from roots.uploads.fields import UploadedImageField, UploadedPdfField


def report_upload_path(instance, filename):
    # An unguessable folder per upload; the file name itself is the server's (roots.uploads).
    return f"coalition/reports/{secrets.token_hex(8)}/{filename}"


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Report.State.PUBLISHED)

    def due(self, now):
        return self.filter(state=Report.State.SCHEDULED, publish_at__lte=now)


class Report(models.Model):
    """A coalition publication such as the annual Status of Health Equity report."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=120,
        unique=True,
        validators=[validate_report_slug],
        help_text=_("Part of the report's web address: lowercase letters, digits and hyphens."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    summary = models.TextField(
        _("summary"), help_text=_("Two or three sentences shown in lists and in the feed.")
    )
    key_findings = models.TextField(
        _("key findings"), blank=True, help_text=_("One finding per line.")
    )
    pdf = UploadedPdfField(
        _("PDF"),
        served_by="get_pdf_url",
        upload_to=report_upload_path,
        blank=True,
        max_length=200,
        help_text=_("The full report as a PDF, up to 20 MB."),
    )
    cover = UploadedImageField(
        _("cover image"),
        served_by="get_cover_url",
        upload_to=report_upload_path,
        blank=True,
        max_length=200,
        help_text=_("PNG, JPEG or WebP, up to 5 MB."),
    )
    cover_alt = models.CharField(
        _("cover description"),
        max_length=250,
        blank=True,
        help_text=_("What the cover shows, for people who cannot see it."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # For the site search (roots.search): title (A), summary and key findings (B), sections (C).
    # Sections are rows of their own, so a database trigger keeps it (migration 0003), not a
    # generated column; whatever Django writes here is replaced.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-published_at", "title"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="scheduled") | Q(publish_at__isnull=False),
                name="report_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="report_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "publish_at"], name="report_state_publish_at"),
            GinIndex(fields=["search_vector"], name="report_search_vector"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("coalition:report_detail", args=[self.slug])

    def get_pdf_url(self):
        return reverse("coalition:report_pdf", args=[self.slug])

    def get_cover_url(self):
        return reverse("coalition:report_cover", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def key_findings_list(self) -> list[str]:
        return [line.strip() for line in self.key_findings.splitlines() if line.strip()]


class ReportSection(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, lists, links."))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.heading


class ReportRevision(models.Model):
    """One change to a report: who made it, when, which fields, and the report as it then was."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        TRANSITION = "transition", _("State changed")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="revisions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the scheduler published the report."),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_state = models.CharField(
        _("from"), max_length=20, choices=Report.State.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=Report.State.choices)
    changed = models.JSONField(_("changed fields"), default=list, blank=True)
    snapshot = models.JSONField(_("snapshot"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report revision")
        verbose_name_plural = _("report revisions")

    def __str__(self):
        return f"{self.report_id} {self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"


class ReportCommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ReportComment.Status.APPROVED)

    def pending(self):
        return self.filter(status=ReportComment.Status.PENDING)


class ReportComment(models.Model):
    """A reply left on a published report. A newcomer's first one waits for an editor."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        HIDDEN = "hidden", _("Hidden")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="coalition_comments",
    )
    body = models.TextField(_("comment"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    objects = ReportCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["report", "status", "created_at"], name="comment_report_status"),
            models.Index(fields=["status", "created_at"], name="comment_status_created"),
        ]

    def __str__(self):
        return f"{self.author} on {self.report_id}: {self.body[:40]}"

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#comment-{self.pk}"
