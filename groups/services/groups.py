from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from courses.models import Course
from roots.models import Organization, User
from roots.permissions import can_attach_to_organization, is_staff

from ..models import Board, LearningGroup, Membership
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


def _admit(*, group: LearningGroup, user: User, invited_at=None) -> tuple:
    """Make `user` an active member. Returns (membership, joined) where `joined` is False when
    they already were one. Someone a facilitator removed comes back only through an invitation
    sent after the removal (`invited_at`)."""
    group = _locked(group)
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is not None and membership.is_active:
        return membership, False
    if membership is not None and membership.status == Membership.Status.REMOVED:
        removed_at = membership.removed_at
        if invited_at is None or removed_at is None or invited_at <= removed_at:
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
    """Create the group with its discussion boards; the creator becomes its facilitator. Only an
    administrator of the organization (or staff) may name it, and so approves the group."""
    _check_may_attach(creator, organization)
    vouched = organization is not None or is_staff(creator)
    group = LearningGroup(
        approved_at=timezone.now() if vouched else None,
        approved_by=creator if vouched else None,
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
    group.save()
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


def _check_may_attach(user: User, organization: Organization | None) -> None:
    if organization is not None and not can_attach_to_organization(user, organization):
        raise ValidationError(
            {
                "organization": _(
                    "Only administrators of %(organization)s can attach a group to it. Ask one "
                    "of them, or leave the organization empty."
                )
                % {"organization": organization.name}
            },
            code="not_organization_administrator",
        )


def _reapprove(group: LearningGroup, organization: Organization | None, user: User) -> None:
    """A group moved to another organization is approved by whoever attached it there; one
    taken out of its organization keeps only an approval that staff gave."""
    if organization is not None:
        group.approved_at, group.approved_by = timezone.now(), user
    elif not (group.approved_by is not None and group.approved_by.is_staff):
        group.approved_at = group.approved_by = None


@transaction.atomic
def group_update(*, group: LearningGroup, data: dict, changed_by: User) -> LearningGroup:
    """Save the group's settings; `data` is a GroupForm's cleaned_data (the course stays)."""
    group = _locked(group)
    if "organization" in data and data["organization"] != group.organization:
        _check_may_attach(changed_by, data["organization"])
        _reapprove(group, data["organization"], changed_by)
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
    membership.removed_at = timezone.now()
    membership.save(update_fields=["status", "role", "removed_at", "updated_at"])
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
def group_approve(*, group: LearningGroup, approved_by: User) -> LearningGroup:
    """Staff vouch for a group: its facilitators count as facilitators for the library."""
    group = _locked(group)
    if group.approved_at is None:
        group.approved_at, group.approved_by = timezone.now(), approved_by
        group.save(update_fields=["approved_at", "approved_by", "updated_at"])
    return group


@transaction.atomic
def group_approval_withdraw(*, group: LearningGroup) -> LearningGroup:
    group = _locked(group)
    group.approved_at = group.approved_by = None
    group.save(update_fields=["approved_at", "approved_by", "updated_at"])
    return group
