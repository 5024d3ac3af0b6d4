from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roots.fulltext import weighted_vector


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    MISSED = "missed", _("Missed")


class Goal(models.Model):
    """One of the coalition's numbered action goals. `status` is the status of its latest
    progress update (kept so by the services), so lists can show and filter it cheaply."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    target_year = models.PositiveSmallIntegerField(
        _("target year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=GoalStatus.choices,
        default=GoalStatus.NOT_STARTED,
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept by the database for the site search (roots.search).
    search_vector = models.GeneratedField(
        expression=weighted_vector(a=["title"], c=["description"]),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("action goal")
        verbose_name_plural = _("action goals")
        indexes = [GinIndex(fields=["search_vector"], name="goal_search_vector")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("coalition:goal_list") + f"#goal-{self.number}"


class GoalUpdate(models.Model):
    """Dated progress on a goal, with the goal's status as of that date."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=GoalStatus.choices)
    note = models.TextField(_("what happened"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [models.Index(fields=["goal", "-date"], name="goal_update_goal_date")]

    def __str__(self):
        return f"{self.goal.number} {self.date}: {self.get_status_display()}"
