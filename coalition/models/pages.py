from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Page(models.Model):
    """A standing page about the coalition (its mission, what health equity means), kept by
    editors rather than written into templates."""

    slug = models.SlugField(
        _("address"),
        max_length=80,
        unique=True,
        help_text=_("The page lives at /about/<address>/, e.g. mission or health-equity."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One sentence for search engines and link previews."),
    )
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coalition:page", args=[self.slug])
