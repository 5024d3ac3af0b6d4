"""A course's CE rules: the credit it offers, each under an accreditor profile, with hours and
accreditation numbers."""

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


class CreditRules(models.Model):
    """The continuing-education rules of one course."""

    course = models.OneToOneField(
        "courses.Course",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="credit_rules",
    )
    provider = models.ForeignKey(
        "Provider",
        verbose_name=_("CE provider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
        help_text=_("Its name, address and signature are printed on the certificates."),
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
        help_text=_(
            "Drawn at random from the question bank, spread evenly over the units the bank's "
            "questions are tagged with; 0 asks every question."
        ),
    )
    min_questions_per_hour = models.PositiveSmallIntegerField(
        _("minimum questions per credited hour"),
        default=0,
        help_text=_(
            "An attempt asks at least this many questions for each contact hour credited (the "
            "largest hours among the credits offered): it draws the larger of “questions per "
            "attempt” and this times those hours, rounded up, and never more than the active "
            "questions in the bank. 0 sets no minimum."
        ),
    )
    retry_wait_hours = models.PositiveSmallIntegerField(
        _("waiting period (hours)"),
        default=24,
        validators=[MinValueValidator(1)],
        help_text=_(
            "When every allowed attempt has failed, the learner waits this long after the last "
            "one; then a new round of the same number of attempts opens."
        ),
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
    disclosures = models.TextField(
        _("disclosures"),
        blank=True,
        help_text=_(
            "Relevant financial relationships of everyone who planned or wrote the course (or "
            "that there are none), commercial support, and how conflicts were resolved. Shown "
            "on the course page before enrolment and on the claim page."
        ),
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
                condition=models.Q(retry_wait_hours__gte=1),
                name="credit_rules_retry_wait_positive",
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
    """One kind of credit a course offers, under the profile of its accreditor."""

    rules = models.ForeignKey(
        CreditRules, verbose_name=_("CE rules"), on_delete=models.CASCADE, related_name="offerings"
    )
    profile = models.ForeignKey(
        "AccreditorProfile",
        verbose_name=_("accreditor profile"),
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    hours = models.DecimalField(
        _("hours"),
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
        help_text=_(
            "Printed on the certificate, word for word as the accreditor requires; empty, the "
            "profile's default statement is printed."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        ordering = ["rules", "position", "pk"]
        verbose_name = _("credit offered")
        verbose_name_plural = _("credits offered")
        constraints = [
            models.UniqueConstraint(
                fields=["rules", "profile"], name="credit_offering_unique_profile"
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="credit_hours_positive"),
            models.CheckConstraint(
                condition=models.Q(engaged_share__lte=100), name="credit_engaged_share_percent"
            ),
        ]

    def __str__(self):
        return f"{self.profile}: {self.hours} h"

    @property
    def credit_type(self) -> str:
        return self.profile.credit_type

    def get_credit_type_display(self) -> str:
        return CreditType(self.profile.credit_type).label

    def clean(self):
        super().clean()
        if self.profile_id is None:
            return
        errors = {}
        for element, message in (
            ("provider_number", _("This accreditor requires the provider number.")),
            ("activity_number", _("This accreditor requires the activity number.")),
        ):
            if self.profile.requires(element) and not getattr(self, element).strip():
                errors[element] = message
        if errors:
            raise ValidationError(errors)
