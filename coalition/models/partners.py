from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roots.uploads.fields import UploadedImageField


class Partner(models.Model):
    """An organization in the coalition."""

    class Tier(models.TextChoices):
        FOUNDING = "founding", _("Founding partner")
        INAUGURAL = "inaugural", _("Inaugural partner")
        MEMBER = "member", _("Member")

    class Sector(models.TextChoices):
        HEALTH_SYSTEM = "health_system", _("Health system")
        HOSPITAL_ASSOCIATION = "hospital_association", _("Hospital association")
        FOUNDATION = "foundation", _("Foundation")
        BUSINESS = "business", _("Business")
        NONPROFIT = "nonprofit", _("Nonprofit")
        HEALTH_INSURER = "health_insurer", _("Health insurer")
        ACADEMIC = "academic", _("Academic institution")
        POLICY_CENTER = "policy_center", _("Policy center")

    name = models.CharField(_("name"), max_length=200)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.MEMBER)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    logo = UploadedImageField(
        _("logo"),
        served_by="get_logo_url",
        upload_to="coalition/partners/",
        blank=True,
        max_length=200,
        help_text=_("PNG, JPEG or WebP, up to 5 MB."),
    )
    website = models.URLField(_("website"), blank=True)
    year_joined = models.PositiveSmallIntegerField(
        _("year joined"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    description = models.TextField(_("about"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="partner_unique_name"),
        ]
        indexes = [models.Index(fields=["tier", "sector"], name="partner_tier_sector")]

    def __str__(self):
        return self.name

    def get_logo_url(self):
        return reverse("coalition:partner_logo", args=[self.pk])
