import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

US_STATES = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("PR", "Puerto Rico"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
]

_REGIONAL_ZONES = sorted(
    name
    for name in zoneinfo.available_timezones()
    if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
)
TIME_ZONE_CHOICES = [*((name, name.replace("_", " ")) for name in _REGIONAL_ZONES), ("UTC", "UTC")]


class Organization(models.Model):
    class Kind(models.TextChoices):
        LOCAL_HEALTH_DEPARTMENT = "local_hd", _("Local health department")
        STATE_HEALTH_DEPARTMENT = "state_hd", _("State health department")
        UNIVERSITY = "university", _("University")
        COMMUNITY_ORGANIZATION = "community", _("Community organization")
        HEALTH_SYSTEM = "health_system", _("Health system")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=US_STATES, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "city", "state", name="organization_unique_name_place"
            ),
        ]

    def __str__(self):
        place = ", ".join(part for part in (self.city, self.state) if part)
        return f"{self.name} ({place})" if place else self.name

    def get_absolute_url(self):
        return reverse("insights:organization_detail", args=[self.pk])


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who uses Roots. Signs in by e-mail; the full name is printed on certificates."""

    class Discipline(models.TextChoices):
        NURSE = "nurse", _("Nurse")
        PHYSICIAN = "physician", _("Physician")
        HEALTH_EDUCATOR = "health_educator", _("Health educator")
        EPIDEMIOLOGIST = "epidemiologist", _("Epidemiologist")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        ENVIRONMENTAL_HEALTH = "environmental_health", _("Environmental health specialist")
        COMMUNITY_HEALTH_WORKER = "community_health_worker", _("Community health worker")
        ADMINISTRATOR = "administrator", _("Public health administrator")
        RESEARCHER = "researcher", _("Researcher or academic")
        STUDENT = "student", _("Student")
        OTHER = "other", _("Other")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(
        _("full name"),
        max_length=150,
        blank=True,
        help_text=_("As it should be printed on your certificates."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    discipline = models.CharField(
        _("discipline"), max_length=30, choices=Discipline.choices, blank=True
    )
    credential_number = models.CharField(
        _("licence or credential number"),
        max_length=60,
        blank=True,
        help_text=_("Optional. Some accrediting bodies ask for it on certificates."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="America/Chicago"
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_absolute_url(self):
        return reverse("profile")

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def display_name(self):
        """The name other people see (group posts, replies, histories): never the e-mail."""
        return self.full_name or _("A Roots member")


class OrganizationAdministrator(models.Model):
    """A person who sees their organization's roll-up: its learning groups, its people's
    completions and continuing-education hours. Made in the admin."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="administrators",
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("administrator"),
        on_delete=models.CASCADE,
        related_name="administered_organizations",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["organization", "user"]
        verbose_name = _("organization administrator")
        verbose_name_plural = _("organization administrators")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="organization_administrator_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} - {self.organization}"
