"""Continuing-education (CE) credit: the rules of a course, its post-test and evaluation, and the
certificates issued to learners.

    Course ─1 CreditRules ─< CreditOffering          (credit types offered, hours, numbers)
                          ├─< PostTestQuestion ─< PostTestChoice
                          └─< EvaluationItem
    learner x course:   PostTestAttempt (many), EvaluationResponse ─< EvaluationAnswer (one),
                        Attestation (one)
    learner x course x credit type:  Certificate (one) ─< CertificateRevision (one per PDF)
    CertificateTemplate: versioned HTML; a certificate records the version it was rendered with.

A certificate keeps a copy of everything it prints (name, course title, hours, numbers,
statement), so editing the rules, the course or the template never changes an issued
certificate; a reissue makes a new revision with a new verification code and PDF.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Crockford-like alphabet: no 0/O, 1/I/L, so a code read aloud or typed from paper survives.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4


def new_verification_code() -> str:
    """16 random characters from 30 (about 78 bits), shown as R7KQ-2M9X-4HTP-WQ3N."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


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


class PostTestQuestion(models.Model):
    """A question of the post-test bank; each has one correct choice."""

    rules = models.ForeignKey(
        CreditRules, verbose_name=_("CE rules"), on_delete=models.CASCADE, related_name="questions"
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
    [[question id, [choice id, ...]], ...]; `answers` maps question id (str) to choice id."""

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


class CertificateTemplateQuerySet(models.QuerySet):
    def current(self, kind: str):
        return self.filter(kind=kind).order_by("-version").first()


class CertificateTemplate(models.Model):
    """A version of the printed certificate. Rows are never edited once used: saving a change in
    the admin writes the next version, and each certificate keeps the version it was rendered
    with.

    Printing is done in two layers (docs/decisions/certificates-in-two-layers.md): `background_html`
    holds what every certificate of a course and credit type shares; `learner_html` what differs
    per learner (name, dates, code, QR), positioned absolutely so that it never moves the rest."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.CERTIFICATE
    )
    version = models.PositiveIntegerField(_("version"))
    css = models.TextField(_("stylesheet"), help_text=_("CSS shared by both layers."))
    background_html = models.TextField(
        _("background layer"),
        help_text=_(
            "Django template. Context: course_title, credit_type, hours, provider_number, "
            "activity_number, accreditation_statement, issued_on, expires_on, site_name."
        ),
    )
    learner_html = models.TextField(
        _("learner layer"),
        help_text=_(
            "Django template, positioned absolutely. Context: learner_name, code, verify_url, "
            "qr_data_uri, and everything the background layer has."
        ),
    )
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="template_unique_version"),
        ]

    def __str__(self):
        return _("%(kind)s template, version %(version)s") % {
            "kind": self.get_kind_display(),
            "version": self.version,
        }


def certificate_pdf_path(certificate, revision: int) -> str:
    """A fixed name per certificate and revision (each revision has its own code), so a render
    that runs twice overwrites its own file instead of leaving a second one."""
    return f"certificates/{certificate.pk}/{certificate.code}-r{revision}.pdf"


class CertificateQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(status=Certificate.Status.ISSUED)

    def for_learner(self, user):
        return self.filter(learner=user)


class Certificate(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        ISSUED = "issued", _("Issued")
        FAILED = "failed", _("Failed")
        REVOKED = "revoked", _("Revoked")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    credit_type = models.CharField(_("credit type"), max_length=20, choices=CreditType.choices)
    # What the certificate prints, copied at claim time.
    learner_name = models.CharField(_("name printed"), max_length=150)
    course_title = models.CharField(_("course title printed"), max_length=200)
    hours = models.DecimalField(_("contact hours"), max_digits=5, decimal_places=2)
    provider_number = models.CharField(_("provider number"), max_length=60, blank=True)
    activity_number = models.CharField(_("activity or event number"), max_length=60, blank=True)
    accreditation_statement = models.TextField(_("accreditation statement"), blank=True)
    issued_on = models.DateField(_("date of issue"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    code = models.CharField(
        _("verification code"), max_length=24, unique=True, default=new_verification_code
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        help_text=_("Set by the first render; a re-render uses the same version."),
    )
    pdf = models.FileField(_("PDF"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    queued_at = models.DateTimeField(_("last queued"), default=timezone.now)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    emailed_revision = models.PositiveSmallIntegerField(
        _("revision e-mailed"), null=True, blank=True
    )
    reminder_sent_at = models.DateTimeField(_("expiry reminder sent"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course", "credit_type"], name="certificate_unique_credit"
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="certificate_hours"),
            models.CheckConstraint(
                condition=~models.Q(status="issued") | ~models.Q(pdf=""),
                name="certificate_issued_has_pdf",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="certificate_pending_queue"),
            models.Index(fields=["issued_on"], name="certificate_issued_on"),
        ]

    def __str__(self):
        return f"{self.code} - {self.learner_name} - {self.get_credit_type_display()}"

    def get_absolute_url(self):
        return reverse("certificates:detail", args=[self.pk])

    def get_verify_url(self):
        return reverse("certificates:verify", args=[self.code])

    @property
    def is_expired(self) -> bool:
        return bool(self.expires_on and self.expires_on < timezone.localdate())

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.ISSUED and bool(self.pdf)


class CertificateRevision(models.Model):
    """One rendered PDF of a certificate; kept when the certificate is revoked or reissued, so
    its verification code keeps answering (as revoked) and staff can see the history."""

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    revision = models.PositiveSmallIntegerField(_("revision"))
    code = models.CharField(_("verification code"), max_length=24, unique=True)
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template version"),
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    learner_name = models.CharField(_("name printed"), max_length=150)
    pdf = models.FileField(_("PDF"), max_length=255)
    rendered_at = models.DateTimeField(_("rendered at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["certificate", "-revision"]
        verbose_name = _("certificate revision")
        verbose_name_plural = _("certificate revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "revision"], name="certificate_revision_unique"
            ),
        ]

    def __str__(self):
        return f"{self.code} (r{self.revision})"


class Transcript(models.Model):
    """A learner's request for a PDF transcript, rendered by a task. A learner has at most one
    pending; once a new one is ready, the older ones and their files are deleted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="transcripts",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    pdf = models.FileField(_("PDF"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")
        constraints = [
            # Parallel requests make one PDF to render, not one each.
            models.UniqueConstraint(
                fields=["learner"],
                condition=models.Q(status="pending"),
                name="transcript_one_pending_per_learner",
            ),
        ]

    def __str__(self):
        return f"{self.learner} - {self.requested_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("certificates:transcript")
