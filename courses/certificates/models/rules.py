"""A course's CE rules: the credit types it offers, with hours and accreditation numbers."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CreditType(models.TextChoices):
    CHES = "ches", _("CHES (Certified Health Education Specialist)")
    CNE = "cne", _("CNE (Continuing Nursing Education)")
    CME = "cme", _("CME (Continuing Medical Education)")
    CPH = "cph", _("CPH (Certified in Public Health)")
    COMPLETION = "completion", _("Certificate of completion")


# Accreditors that require the provider and the activity/event numbers on the certificate.
CREDIT_TYPES_NEEDING_NUMBERS = [CreditType.CHES, CreditType.CNE]


class CreditRules(models.Model):
    """The continuing-education rules of one course."""

    course = models.OneToOneField(
        "courses.Course",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="credit_rules",
    )
    active = models.BooleanField(
        _("credit offered"), default=True, help_text=_("Learners may claim credit.")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("post-test pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("post-test attempts allowed"), default=3, validators=[MinValueValidator(1)]
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=0,
        help_text=_("Drawn at random from the question bank; 0 asks every question."),
    )
    lesson_time_share = models.PositiveSmallIntegerField(
        _("time on a lesson before completing it (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Share of a lesson's expected minutes a learner spends on it before marking it "
            "complete (or watches 90% of the lesson's own video)."
        ),
    )
    attestation_text = models.TextField(
        _("attestation"),
        default=_(
            "I attest that I completed every unit of this course myself and spent the time "
            "claimed on it."
        ),
        help_text=_("The statement a learner ticks before claiming credit."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("CE rules")
        verbose_name_plural = _("CE rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1, pass_mark__lte=100),
                name="credit_rules_pass_mark_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1), name="credit_rules_attempts_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(lesson_time_share__lte=100),
                name="credit_rules_lesson_time_percent",
            ),
        ]

    def __str__(self):
        return _("CE rules for %(course)s") % {"course": self.course}

    def get_absolute_url(self):
        return reverse("certificates:claim", args=[self.course.slug])


class CreditOffering(models.Model):
    """One credit type a course offers, with what its accreditor requires on the certificate."""

    rules = models.ForeignKey(
        CreditRules, verbose_name=_("CE rules"), on_delete=models.CASCADE, related_name="offerings"
    )
    credit_type = models.CharField(_("credit type"), max_length=20, choices=CreditType.choices)
    hours = models.DecimalField(
        _("contact hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    provider_number = models.CharField(_("provider number"), max_length=60, blank=True)
    activity_number = models.CharField(_("activity or event number"), max_length=60, blank=True)
    engaged_share = models.PositiveSmallIntegerField(
        _("time on the course (% of the hours)"),
        default=75,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Share of the contact hours the learner's recorded time on the course reaches "
            "before they may claim this credit."
        ),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the credit never expires."),
    )
    accreditation_statement = models.TextField(
        _("accreditation statement"),
        blank=True,
        help_text=_("Printed on the certificate, word for word as the accreditor requires."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        ordering = ["rules", "position", "credit_type"]
        verbose_name = _("credit offered")
        verbose_name_plural = _("credits offered")
        constraints = [
            models.UniqueConstraint(
                fields=["rules", "credit_type"], name="credit_offering_unique_type"
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="credit_hours_positive"),
            models.CheckConstraint(
                condition=models.Q(engaged_share__lte=100), name="credit_engaged_share_percent"
            ),
            models.CheckConstraint(
                condition=~models.Q(credit_type__in=CREDIT_TYPES_NEEDING_NUMBERS)
                | (~models.Q(provider_number="") & ~models.Q(activity_number="")),
                name="credit_accredited_needs_numbers",
                violation_error_message=_(
                    "This accreditor requires both the provider number and the activity number."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_credit_type_display()}: {self.hours} h"

    def clean(self):
        super().clean()
        if self.credit_type in CREDIT_TYPES_NEEDING_NUMBERS:
            errors = {}
            if not self.provider_number.strip():
                errors["provider_number"] = _("This accreditor requires the provider number.")
            if not self.activity_number.strip():
                errors["activity_number"] = _("This accreditor requires the activity number.")
            if errors:
                raise ValidationError(errors)
