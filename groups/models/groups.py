import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roots.models import US_STATES, Organization

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud
JOIN_CODE_LENGTH = 8
INVITATION_VALID_DAYS = 14
INVITATION_SALT = "learning_groups.invitation"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


def invitation_expiry():
    return timezone.now() + timedelta(days=INVITATION_VALID_DAYS)


class LearningGroupQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(listed=True)


class LearningGroup(models.Model):
    # The kinds of organization: a group defaults to its organization's kind.
    Kind = Organization.Kind

    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="learning_groups",
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    organization = models.ForeignKey(
        "roots.Organization",
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_groups",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    state = models.CharField(
        _("state"),
        max_length=2,
        choices=US_STATES,
        blank=True,
        help_text=_("Where the group meets; people look for groups near them."),
    )
    description = models.TextField(_("description"), blank=True)
    meeting_cadence = models.CharField(
        _("meeting cadence"),
        max_length=200,
        blank=True,
        help_text=_("For example: a brown-bag lunch on the second Tuesday of each month."),
    )
    listed = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_(
            "Listed groups appear on the groups page and anyone signed in can ask to join. "
            "Unlisted groups are joined by invitation or join link only."
        ),
    )
    member_limit = models.PositiveIntegerField(
        _("member limit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2)],
        help_text=_("Optional. Counts everyone in the group, facilitators included."),
    )
    join_code = models.CharField(
        _("join code"), max_length=16, unique=True, default=new_join_code, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Vouched for by staff, or by an administrator of its organization when they attached it:
    # only an approved group's facilitators see facilitators-only resources
    # (docs/decisions/facilitator-audience.md).
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LearningGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("learning group")
        verbose_name_plural = _("learning groups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member_limit__isnull=True) | models.Q(member_limit__gte=2),
                name="group_member_limit_at_least_two",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", args=[self.slug])

    def get_join_url(self):
        return reverse("groups:join", args=[self.join_code])

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def facilitators(self):
        return self.active().filter(role=Membership.Role.FACILITATOR)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)


class Membership(models.Model):
    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PENDING = "pending", _("Asked to join")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    group = models.ForeignKey(
        LearningGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    notify_replies = models.BooleanField(
        _("e-mail me replies to discussions I take part in"), default=True
    )
    notify_sessions = models.BooleanField(
        _("e-mail me a reminder the day before each session"), default=True
    )
    calendar_token = models.CharField(
        _("calendar feed key"),
        max_length=64,
        unique=True,
        default=new_calendar_token,
        editable=False,
    )
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    # The last time a facilitator removed this person: invitations sent before it cannot bring
    # them back.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "role", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_unique_person"),
        ]
        indexes = [models.Index(fields=["group", "status"], name="membership_group_status")]

    def __str__(self):
        return f"{self.user} - {self.group} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_facilitator(self) -> bool:
        return self.is_active and self.role == self.Role.FACILITATOR

    def get_calendar_feed_url(self):
        return reverse("groups:calendar_feed", args=[self.calendar_token])


class Invitation(models.Model):
    """An e-mailed invitation. Its link carries a signed, timestamped reference to this row; the
    row says whether it was used, so a link works once and for INVITATION_VALID_DAYS at most,
    and only for an account with the invited address, verified."""

    group = models.ForeignKey(
        LearningGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The recipient said it was unwanted (the link in every invitation e-mail).
    reported_at = models.DateTimeField(_("reported as unwanted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [
            models.Index(fields=["invited_by", "created_at"], name="invitation_inviter_day"),
            models.Index(Lower("email"), "created_at", name="invitation_address_day"),
        ]

    def __str__(self):
        return f"{self.email} - {self.group}"

    def get_absolute_url(self):
        return reverse("groups:invitation", args=[self.token])

    def get_report_url(self):
        return reverse("groups:invitation_report", args=[self.token])

    @property
    def token(self) -> str:
        return signing.dumps({"invitation": self.pk}, salt=INVITATION_SALT)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.reported_at is None and not self.is_expired
