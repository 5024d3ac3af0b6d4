"""Certificates, their templates and revisions, and transcripts; verification codes."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules import CreditType

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


def normalize_code(text: str) -> str:
    """A code as typed (r7kq2m9x4htpwq3n, " R7KQ 2M9X-4HTP-WQ3N ") as it is stored: upper case,
    in dashed groups of four. Anything but letters and digits is ignored."""
    characters = "".join(character for character in text.upper() if character.isalnum())
    return "-".join(
        characters[start : start + CODE_GROUP_LENGTH]
        for start in range(0, len(characters), CODE_GROUP_LENGTH)
    )


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
            "Django template. Context: course_title, credit_type, hours, credit_unit, "
            "provider_name, provider_address, provider_number, activity_number, "
            "accreditation_statement, signature (its data_uri), signatory_name, "
            "signatory_title, issued_on, expires_on, site_name."
        ),
    )
    learner_html = models.TextField(
        _("learner layer"),
        help_text=_(
            "Django template, positioned absolutely. Context: learner_name, credential_label, "
            "credential_number, completed_on, code, verify_url, qr_data_uri, and everything the "
            "background layer has."
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

    def for_courses(self):
        """Credit for finishing a course, not for a live session of it."""
        return self.filter(source="")


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
    credit_unit = models.CharField(_("credit unit printed"), max_length=100, blank=True)
    provider_name = models.CharField(_("provider printed"), max_length=200, blank=True)
    provider_address = models.TextField(_("provider's address printed"), blank=True)
    signatory_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signature = models.CharField(
        _("signature image printed"),
        max_length=200,
        blank=True,
        help_text=_("The provider's signature image as it was at claim (its stored name)."),
    )
    credential_label = models.CharField(_("credential printed as"), max_length=60, blank=True)
    credential_number = models.CharField(_("credential number printed"), max_length=60, blank=True)
    completed_on = models.DateField(
        _("date of completion"),
        null=True,
        blank=True,
        help_text=_("The day the learner met the last requirement, in their time zone."),
    )
    issued_on = models.DateField(_("date of issue"))
    # What the credit was given for when it is not the course itself: a live session of it
    # ("session:12"), granted on the time the learner was there.
    # When the learner enrolled from the course page, which shows the credit, its requirements
    # and the disclosures (ACCME wants them seen before the activity); empty for other ways in.
    terms_seen_at = models.DateTimeField(_("credit terms seen at"), null=True, blank=True)
    source = models.CharField(
        _("live activity"), max_length=60, blank=True, default="", db_default=""
    )
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
                fields=["learner", "course", "credit_type"],
                condition=models.Q(source=""),
                name="certificate_unique_credit",
            ),
            models.UniqueConstraint(
                fields=["learner", "source", "credit_type"],
                condition=~models.Q(source=""),
                name="certificate_unique_live_credit",
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
            models.Index(fields=["credit_type", "completed_on"], name="certificate_completed_on"),
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
    # The signed Open Badges 3.0 credential of this revision (also attached to its PDF).
    credential = models.JSONField(_("verifiable credential"), null=True, blank=True)
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
