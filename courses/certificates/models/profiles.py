"""What accrediting bodies ask of a certificate, as data: one AccreditorProfile per kind of
credit (seeded by migration 0004 for NCHEC, NBPHE, ANCC, ACCME and a plain certificate of
completion, edited in the admin), and the CE provider whose name, address and signature the
certificates print (docs/decisions/accreditor-profiles.md)."""

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roots.uploads.fields import UploadedImageField

from .rules import CreditType


class CertificateElement(models.TextChoices):
    """What a certificate may be required to print. `courses.certificates.services.check`
    knows where each is found; the default template prints every one that is there."""

    LEARNER_NAME = "learner_name", _("Participant's name")
    ACTIVITY_TITLE = "activity_title", _("Activity title")
    ACTIVITY_NUMBER = "activity_number", _("Activity or event number")
    HOURS = "hours", _("Hours and their credit unit")
    COMPLETION_DATE = "completion_date", _("Date of completion")
    ISSUE_DATE = "issue_date", _("Date of issue")
    PROVIDER_NAME = "provider_name", _("Provider's name")
    PROVIDER_ADDRESS = "provider_address", _("Provider's address")
    PROVIDER_NUMBER = "provider_number", _("Provider number")
    STATEMENT = "statement", _("Accreditation or credit designation statement")
    SIGNATURE = "signature", _("Signature image")
    CREDENTIAL_NUMBER = "credential_number", _("Participant's credential number")
    VERIFICATION = "verification", _("Verification address and QR code")


class LearnerField(models.TextChoices):
    """What the learner must have given in their profile before claiming."""

    CREDENTIAL_NUMBER = "credential_number", _("Credential number")
    BIRTH_DAY = "birth_day", _("Date of birth (month and day)")


class ReportKind(models.TextChoices):
    """The roster file an accreditor expects (courses.certificates.reports)."""

    NCHEC = "nchec", _("NCHEC participant list: CHES/MCHES numbers and contact hours")
    ACCME_MOC = "accme_moc", _("ACCME learner file for MOC: date of birth and points")
    CPH = "cph", _("NBPHE CPH credits: CPH numbers and credits")
    ROSTER = "roster", _("Participant roster: name, activity, completion date and hours")


def _elements_field(verbose_name, choices, help_text):
    return ArrayField(
        models.CharField(max_length=30, choices=choices),
        verbose_name=verbose_name,
        default=list,
        blank=True,
        help_text=help_text,
    )


class AccreditorProfile(models.Model):
    """One accrediting body's rules for one kind of credit. The credit type stays the key every
    certificate, transcript and figure is counted by; a profile is the editable data about it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    accreditor = models.CharField(_("accrediting body"), max_length=200)
    credit_type = models.CharField(
        _("credit type"), max_length=20, choices=CreditType.choices, unique=True
    )
    credit_unit = models.CharField(
        _("credit unit"),
        max_length=100,
        help_text=_("As printed after the hours: “Category I contact hours”."),
    )
    credential_label = models.CharField(
        _("credential asked for"),
        max_length=60,
        blank=True,
        help_text=_("What the learner's credential number is called: “CHES/MCHES number”."),
    )
    certificate_elements = _elements_field(
        _("required on the certificate"),
        CertificateElement.choices,
        _("A certificate missing any of these is not issued."),
    )
    learner_fields = _elements_field(
        _("asked of the learner at claim"),
        LearnerField.choices,
        _("Saved to the learner's profile; the claim page asks for what is missing."),
    )
    daily_cap_hours = models.DecimalField(
        _("daily cap (hours)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_(
            "The most credit one learner is given for one day of completion under this "
            "profile; a claim past it is given what is left. Empty: no cap."
        ),
    )
    live_allowed = models.BooleanField(
        _("live activities allowed"),
        default=True,
        help_text=_("Whether credit of this kind may be given for live sessions."),
    )
    live_partial_allowed = models.BooleanField(
        _("partial credit for live sessions"),
        default=False,
        help_text=_(
            "Below a session's attendance threshold, give credit in proportion to the time "
            "attended (in quarter hours), as accreditors that credit participation allow."
        ),
    )
    statement = models.TextField(
        _("default statement"),
        blank=True,
        help_text=_(
            "Printed when an offering has no statement of its own. {provider}, {hours} and "
            "{unit} are replaced by the provider's name, the hours and the credit unit."
        ),
    )
    report_kind = models.CharField(
        _("report for the accreditor"),
        max_length=20,
        choices=ReportKind.choices,
        default=ReportKind.ROSTER,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("accreditor profile")
        verbose_name_plural = _("accreditor profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(daily_cap_hours__isnull=True) | models.Q(daily_cap_hours__gt=0),
                name="accreditor_profile_cap_positive",
            ),
            # A number printed on the certificate is one the learner was asked for.
            models.CheckConstraint(
                condition=~models.Q(certificate_elements__contains=["credential_number"])
                | models.Q(learner_fields__contains=["credential_number"]),
                name="accreditor_profile_credential_asked",
                violation_error_message=_(
                    "A profile that prints the credential number must ask the learner for it."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        needs_label = LearnerField.CREDENTIAL_NUMBER in (self.learner_fields or [])
        if needs_label and not self.credential_label.strip():
            raise ValidationError(
                {"credential_label": _("Say what the credential number is called.")}
            )

    def requires(self, element: str) -> bool:
        return element in self.certificate_elements

    def asks(self, field: str) -> bool:
        return field in self.learner_fields

    def statement_for(self, *, provider: str, hours: str) -> str:
        text = self.statement
        for name, value in (("provider", provider), ("hours", hours), ("unit", self.credit_unit)):
            text = text.replace("{" + name + "}", value)
        return text


class Provider(models.Model):
    """The organization that provides the CE activities: its name, address and signature as
    every certificate of the courses it provides prints them."""

    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(
        _("address"), blank=True, help_text=_("Postal address, as printed on certificates.")
    )
    signatory_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signature = UploadedImageField(
        _("signature image"),
        served_by="get_signature_url",
        upload_to="certificates/signatures/",
        blank=True,
        max_length=200,
        help_text=_("PNG, JPEG or WebP on a white or clear background, up to 5 MB."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("CE provider")
        verbose_name_plural = _("CE providers")

    def __str__(self):
        return self.name

    def get_signature_url(self):
        return reverse("certificates:staff_signature", args=[self.pk])
