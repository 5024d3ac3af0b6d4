"""What a learner does before claiming credit: the post-test, the evaluation, the attestation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules import CreditRules


class PostTestQuestion(models.Model):
    """A question of the post-test bank; each has one correct choice and is tagged with the unit
    of the course it tests, so that an attempt draws from every unit and a fail says which
    units to review. Questions from before tagging (unit empty) are drawn as a group of their
    own."""

    rules = models.ForeignKey(
        CreditRules, verbose_name=_("CE rules"), on_delete=models.CASCADE, related_name="questions"
    )
    unit = models.ForeignKey(
        "courses.Unit",
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="post_test_questions",
        help_text=_("The unit of the course this question tests."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.TextField(_("question"))
    active = models.BooleanField(_("in the bank"), default=True)

    class Meta:
        ordering = ["rules", "position", "pk"]
        verbose_name = _("post-test question")
        verbose_name_plural = _("post-test questions")

    def __str__(self):
        return self.text[:80]

    def clean(self):
        super().clean()
        if self.unit_id and self.rules_id and self.unit.course_id != self.rules.course_id:
            raise ValidationError({"unit": _("Choose a unit of this course.")})


class PostTestChoice(models.Model):
    question = models.ForeignKey(
        PostTestQuestion,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="choices",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=models.Q(is_correct=True),
                name="post_test_one_correct_choice",
                violation_error_message=_("A question has exactly one correct answer."),
            ),
        ]

    def __str__(self):
        return self.text


class PostTestAttempt(models.Model):
    """One sitting of the post-test. `layout` is the shuffled paper the learner was shown:
    [[question id, [choice id, ...]], ...]; `answers` maps question id (str) to choice id;
    `unit_results` counts the right answers per unit, for the feedback after a fail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="post_test_attempts",
    )
    rules = models.ForeignKey(
        CreditRules, verbose_name=_("CE rules"), on_delete=models.CASCADE, related_name="attempts"
    )
    layout = models.JSONField(_("questions shown"), default=list)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    passed = models.BooleanField(_("passed"), default=False)
    # Filled when graded, in unit order: [{"unit": unit id or null, "right": n, "total": n}].
    unit_results = models.JSONField(_("results by unit"), default=list, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("post-test attempt")
        verbose_name_plural = _("post-test attempts")
        indexes = [models.Index(fields=["user", "rules"], name="post_test_user_rules")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="post_test_score_percent",
            ),
            # At most one unfinished sitting per learner: a reload continues it.
            models.UniqueConstraint(
                fields=["user", "rules"],
                condition=models.Q(submitted_at__isnull=True),
                name="post_test_one_open_attempt",
            ),
        ]

    def __str__(self):
        return f"{self.user} - {self.rules.course} - {self.score}%"


class EvaluationItem(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Agreement scale (1-5)")
        TEXT = "text", _("Free text")

    rules = models.ForeignKey(
        CreditRules,
        verbose_name=_("CE rules"),
        on_delete=models.CASCADE,
        related_name="evaluation_items",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LIKERT)
    prompt = models.CharField(_("prompt"), max_length=300)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["rules", "position", "pk"]
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")

    def __str__(self):
        return self.prompt


class EvaluationResponse(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="course_evaluations",
    )
    rules = models.ForeignKey(
        CreditRules, verbose_name=_("CE rules"), on_delete=models.CASCADE, related_name="responses"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("course evaluation")
        verbose_name_plural = _("course evaluations")
        constraints = [
            models.UniqueConstraint(fields=["user", "rules"], name="evaluation_one_per_learner"),
        ]

    def __str__(self):
        return f"{self.user} - {self.rules.course}"


class EvaluationAnswer(models.Model):
    response = models.ForeignKey(
        EvaluationResponse,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    item = models.ForeignKey(
        EvaluationItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["response", "item"]
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="evaluation_answer_unique"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="evaluation_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.rating or self.text[:40]}"


class Attestation(models.Model):
    """The learner's ticked statement that they did the work themselves."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="credit_attestations",
    )
    rules = models.ForeignKey(
        CreditRules,
        verbose_name=_("CE rules"),
        on_delete=models.CASCADE,
        related_name="attestations",
    )
    text = models.TextField(_("statement attested"))
    attested_at = models.DateTimeField(_("attested at"), auto_now_add=True)

    class Meta:
        ordering = ["-attested_at"]
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        constraints = [
            models.UniqueConstraint(fields=["user", "rules"], name="attestation_one_per_learner"),
        ]

    def __str__(self):
        return f"{self.user} - {self.rules.course}"
