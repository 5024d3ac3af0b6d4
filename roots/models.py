import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.dates import MONTHS
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

MONTH_CHOICES = list(MONTHS.items())
MONTHS_OF_31 = [1, 3, 5, 7, 8, 10, 12]
MONTHS_OF_30 = [4, 6, 9, 11]
# February counts 29: a birthday, not a date in one year.
DAYS_IN_MONTH = {**dict.fromkeys(MONTHS_OF_31, 31), **dict.fromkeys(MONTHS_OF_30, 30), 2: 29}


def _days_of(months: list[int], last: int) -> models.Q:
    # NOT NULL spelled out: a CHECK whose condition is NULL passes.
    return models.Q(
        dob_month__isnull=False,
        dob_day__isnull=False,
        dob_month__in=months,
        dob_day__gte=1,
        dob_day__lte=last,
    )


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
    # Month and day only: what an accreditor matches a learner by (ACCME's MOC reporting), and
    # no more of a birth date than that.
    dob_month = models.PositiveSmallIntegerField(
        _("birth month"), choices=MONTH_CHOICES, null=True, blank=True
    )
    dob_day = models.PositiveSmallIntegerField(
        _("birth day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dob_month__isnull=True, dob_day__isnull=True)
                | _days_of(MONTHS_OF_31, 31)
                | _days_of(MONTHS_OF_30, 30)
                | _days_of([2], 29),
                name="user_birth_day_real",
                violation_error_message=_("That day does not exist in that month."),
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_absolute_url(self):
        return reverse("profile")

    def get_full_name(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        if (self.dob_month is None) != (self.dob_day is None):
            missing = "dob_day" if self.dob_day is None else "dob_month"
            raise ValidationError({missing: _("Give both the month and the day, or neither.")})
        if self.dob_month and self.dob_day and self.dob_day > DAYS_IN_MONTH[self.dob_month]:
            raise ValidationError({"dob_day": _("That day does not exist in that month.")})

    @property
    def has_birth_day(self) -> bool:
        return self.dob_month is not None and self.dob_day is not None

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
