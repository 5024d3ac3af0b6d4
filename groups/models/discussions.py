from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .groups import LearningGroup

GENERAL_BOARD_KEY = "general"


def board_key(unit) -> str:
    """How a board is named in its address: "general", or "unit-<number>"."""
    return GENERAL_BOARD_KEY if unit is None else f"unit-{unit.number}"


def board_url(group, unit) -> str:
    return reverse("groups:board", args=[group.slug, board_key(unit)])


class Board(models.Model):
    """Where a group discusses a unit of its course, or anything (no unit: the general board)."""

    group = models.ForeignKey(
        LearningGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="boards"
    )
    unit = models.ForeignKey(
        "courses.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_boards",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["group", "pk"]
        verbose_name = _("discussion board")
        verbose_name_plural = _("discussion boards")
        constraints = [
            models.UniqueConstraint(fields=["group", "unit"], name="board_one_per_unit"),
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(unit__isnull=True),
                name="board_one_general_per_group",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return board_url(self.group, self.unit)

    @property
    def title(self) -> str:
        if self.unit_id is None:
            return str(_("General discussion"))
        return str(self.unit)


class Thread(models.Model):
    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.CASCADE, related_name="threads"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="group_threads",
    )
    title = models.CharField(_("title"), max_length=200)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("No new replies or edits.")
    )
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Only facilitators see a hidden thread.")
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last post at"), db_index=True)

    class Meta:
        ordering = ["-pinned", "-last_post_at"]
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("groups:thread", args=[self.board.group.slug, self.pk])


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="group_posts",
    )
    body = models.TextField(_("message"), help_text=_("Markdown."))
    body_html = models.TextField(_("message as HTML"), editable=False)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted = models.BooleanField(_("deleted by its author"), default=False)
    hidden = models.BooleanField(_("hidden by a facilitator"), default=False)
    notified_at = models.DateTimeField(
        _("reply notifications sent at"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("discussion post")
        verbose_name_plural = _("discussion posts")

    def __str__(self):
        return f"{self.author} in {self.thread}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#post-{self.pk}"


class PostRevision(models.Model):
    """The text of a post as it was before an edit or a deletion."""

    class Reason(models.TextChoices):
        EDITED = "edited", _("Edited")
        DELETED = "deleted", _("Deleted")

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="revisions"
    )
    body = models.TextField(_("earlier text"))
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")

    def __str__(self):
        return f"{self.post_id} ({self.get_reason_display()}, {self.created_at:%Y-%m-%d})"
