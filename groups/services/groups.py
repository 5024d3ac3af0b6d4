from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from courses.models import Course
from roots.mail import absolute_url, send_templated
from roots.models import Organization, User
from roots.tasks import enqueue_on_commit

from ..models import Board, Invitation, LearningGroup, Membership
from ..models.groups import new_join_code

SLUG_MAX_LENGTH = 70
# First path segments under /groups/ that are pages, not groups.
RESERVED_SLUGS = {"new", "join", "invitations", "calendar"}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:SLUG_MAX_LENGTH].strip("-") or "group"
    taken = RESERVED_SLUGS | set(
        LearningGroup.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _locked(group: LearningGroup) -> LearningGroup:
    """The group row locked until the transaction ends: joins are counted against the member
    limit one at a time."""
    return LearningGroup.objects.select_for_update().get(pk=group.pk)


def _check_room(group: LearningGroup) -> None:
    if group.member_limit is None:
        return
    if group.memberships.active().count() >= group.member_limit:
        raise ValidationError(
            _(
                "%(group)s is full: it has room for %(limit)s people. "
                "Ask a facilitator to raise the member limit."
            ),
            code="group_full",
            params={"group": group.name, "limit": group.member_limit},
        )


def _admit(*, group: LearningGroup, user: User, allow_removed: bool = False) -> tuple:
    """Make `user` an active member. Returns (membership, joined) where `joined` is False when
    they already were one."""
    group = _locked(group)
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is not None and membership.is_active:
        return membership, False
    if (
        membership is not None
        and membership.status == Membership.Status.REMOVED
        and not allow_removed
    ):
        raise ValidationError(
            _("A facilitator removed you from this group. Ask them for a new invitation."),
            code="removed",
        )
    _check_room(group)
    if membership is None:
        membership = Membership(group=group, user=user)
    membership.status = Membership.Status.ACTIVE
    membership.role = Membership.Role.MEMBER
    membership.joined_at = timezone.now()
    membership.save()
    return membership, True


@transaction.atomic
def group_create(
    *,
    creator: User,
    course: Course,
    name: str,
    kind: str,
    organization: Organization | None = None,
    state: str = "",
    description: str = "",
    meeting_cadence: str = "",
    listed: bool = True,
    member_limit: int | None = None,
) -> LearningGroup:
    """Create the group with its discussion boards; the creator becomes its facilitator."""
    group = LearningGroup.objects.create(
        course=course,
        name=name.strip(),
        slug=_unique_slug(name),
        organization=organization,
        kind=kind,
        state=state or (organization.state if organization else ""),
        description=description.strip(),
        meeting_cadence=meeting_cadence.strip(),
        listed=listed,
        member_limit=member_limit,
        created_by=creator,
    )
    Membership.objects.create(
        group=group,
        user=creator,
        role=Membership.Role.FACILITATOR,
        status=Membership.Status.ACTIVE,
        joined_at=timezone.now(),
    )
    Board.objects.bulk_create(
        [Board(group=group, unit=None)]
        + [Board(group=group, unit=unit) for unit in course.units.all()]
    )
    return group


GROUP_EDITABLE_FIELDS = [
    "name",
    "organization",
    "kind",
    "state",
    "description",
    "meeting_cadence",
    "listed",
    "member_limit",
]


@transaction.atomic
def group_update(*, group: LearningGroup, data: dict) -> LearningGroup:
    """Save the group's settings; `data` is a GroupForm's cleaned_data (the course stays)."""
    group = _locked(group)
    limit = data.get("member_limit")
    if limit is not None:
        count = group.memberships.active().count()
        if limit < count:
            raise ValidationError(
                {
                    "member_limit": _(
                        "The group already has %(count)s people; "
                        "set a limit of at least %(count)s or leave it empty."
                    )
                    % {"count": count}
                },
                code="limit_below_count",
            )
    for field in GROUP_EDITABLE_FIELDS:
        if field in data:
            value = data[field]
            setattr(group, field, value.strip() if isinstance(value, str) else value)
    group.save()
    return group


@transaction.atomic
def join_code_regenerate(*, group: LearningGroup) -> LearningGroup:
    """A new join code; links with the old one stop working at once."""
    group = _locked(group)
    old = group.join_code
    while group.join_code == old:
        group.join_code = new_join_code()
    group.save(update_fields=["join_code", "updated_at"])
    return group


@transaction.atomic
def membership_join_by_code(*, group: LearningGroup, user: User) -> tuple:
    """Returns (membership, joined); joined is False for someone already in the group."""
    return _admit(group=group, user=user)


@transaction.atomic
def membership_request(*, group: LearningGroup, user: User) -> Membership:
    """Ask to join a listed group; a facilitator approves or declines."""
    if not group.listed:
        raise ValidationError(
            _("This group takes new members by invitation only."), code="unlisted"
        )
    group = _locked(group)
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is not None:
        if membership.is_active:
            raise ValidationError(_("You are already a member of this group."), code="member")
        if membership.status == Membership.Status.PENDING:
            return membership
        if membership.status == Membership.Status.REMOVED:
            raise ValidationError(
                _("A facilitator removed you from this group. Ask them for a new invitation."),
                code="removed",
            )
    _check_room(group)
    if membership is None:
        membership = Membership(group=group, user=user)
    membership.status = Membership.Status.PENDING
    membership.role = Membership.Role.MEMBER
    membership.save()
    return membership


@transaction.atomic
def membership_approve(*, membership: Membership) -> Membership:
    if membership.status != Membership.Status.PENDING:
        raise ValidationError(_("This request was already answered."), code="not_pending")
    group = _locked(membership.group)
    _check_room(group)
    membership.status = Membership.Status.ACTIVE
    membership.joined_at = timezone.now()
    membership.save(update_fields=["status", "joined_at", "updated_at"])
    return membership


@transaction.atomic
def membership_decline(*, membership: Membership) -> None:
    """Forget the request; the person may ask again later."""
    if membership.status != Membership.Status.PENDING:
        raise ValidationError(_("This request was already answered."), code="not_pending")
    membership.delete()


def _ensure_another_facilitator(membership: Membership, message: str) -> None:
    if not membership.is_facilitator:
        return
    others = (
        Membership.objects.facilitators()
        .filter(group_id=membership.group_id)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ValidationError(message, code="last_facilitator")


@transaction.atomic
def membership_leave(*, membership: Membership) -> Membership:
    if not membership.is_active:
        raise ValidationError(_("You are not a member of this group."), code="not_member")
    _locked(membership.group)
    _ensure_another_facilitator(
        membership,
        _(
            "You are this group's only facilitator. Make another member a facilitator "
            "before you leave."
        ),
    )
    membership.status = Membership.Status.LEFT
    membership.role = Membership.Role.MEMBER
    membership.save(update_fields=["status", "role", "updated_at"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, removed_by: User) -> Membership:
    if membership.user_id == removed_by.pk:
        raise ValidationError(
            _("To leave the group yourself, use “Leave this group”."), code="self"
        )
    if not membership.is_active:
        raise ValidationError(_("This person is not a member any more."), code="not_member")
    _locked(membership.group)
    _ensure_another_facilitator(membership, _("A group needs at least one facilitator."))
    membership.status = Membership.Status.REMOVED
    membership.role = Membership.Role.MEMBER
    membership.save(update_fields=["status", "role", "updated_at"])
    return membership


@transaction.atomic
def membership_promote(*, membership: Membership) -> Membership:
    """Make an active member a co-facilitator."""
    if not membership.is_active:
        raise ValidationError(_("Only members can become facilitators."), code="not_member")
    membership.role = Membership.Role.FACILITATOR
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def membership_preferences_update(
    *, membership: Membership, notify_replies: bool, notify_sessions: bool
) -> Membership:
    membership.notify_replies = notify_replies
    membership.notify_sessions = notify_sessions
    membership.save(update_fields=["notify_replies", "notify_sessions", "updated_at"])
    return membership


@transaction.atomic
def invitations_create(
    *, group: LearningGroup, emails: list[str], invited_by: User
) -> tuple[list[Invitation], list[str]]:
    """Invite each address; returns (invitations, addresses skipped as already members). The
    e-mails go out after the transaction commits."""
    addresses = list(dict.fromkeys(email.strip().lower() for email in emails if email.strip()))
    members = set(
        Membership.objects.active()
        .filter(group=group)
        .annotate(email_lower=Lower("user__email"))
        .filter(email_lower__in=addresses)
        .values_list("email_lower", flat=True)
    )
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(group=group, email=email, invited_by=invited_by)
            for email in addresses
            if email not in members
        ]
    )
    for invitation in invitations:
        enqueue_on_commit("groups.tasks.invitation_send_task", invitation.pk, inline_if_down=True)
    return invitations, sorted(members)


def invitation_send(*, invitation: Invitation) -> bool:
    """Send the invitation e-mail once; returns False if it was already sent or is unusable."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("group__course", "invited_by")
            .get(pk=invitation.pk)
        )
        if invitation.sent_at is not None or not invitation.is_usable:
            return False
        send_templated(
            "emails/groups/invitation",
            to=invitation.email,
            context={
                "invitation": invitation,
                "group": invitation.group,
                "inviter": invitation.invited_by,
                "accept_url": absolute_url(invitation.get_absolute_url()),
            },
        )
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> tuple:
    """Join the group through an invitation; returns (membership, joined). The invitation is
    used up, unless the person was a member already (then it stays for whom it was meant)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.is_expired:
        raise ValidationError(
            _("This invitation has expired. Ask the facilitator to send a new one."),
            code="expired",
        )
    membership, joined = _admit(group=invitation.group, user=user, allow_removed=True)
    if joined:
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership, joined
