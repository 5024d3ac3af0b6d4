"""Groups and their members: lists, a group by its address, join requests, invitations."""

from datetime import datetime

from django.core import signing
from django.db.models import Count, Q, QuerySet, Window

from ..models import Invitation, LearningGroup, Membership
from ..models.groups import INVITATION_SALT, INVITATION_VALID_DAYS


def groups_listed(*, kind: str = "", state: str = "") -> QuerySet[LearningGroup]:
    groups = LearningGroup.objects.listed().select_related("course", "organization")
    if kind:
        groups = groups.filter(kind=kind)
    if state:
        groups = groups.filter(state=state)
    return groups.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
    ).order_by("name")


def memberships_of_user(user) -> QuerySet[Membership]:
    """The user's current groups and open requests, for "My groups"."""
    return (
        Membership.objects.filter(
            user=user, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
        )
        .select_related("group__course", "group__organization")
        .order_by("status", "group__name")
    )


def group_by_slug(slug: str) -> LearningGroup | None:
    return LearningGroup.objects.select_related("course", "organization").filter(slug=slug).first()


def group_with_membership(slug: str, user) -> tuple[LearningGroup | None, Membership | None]:
    """The group and the user's membership in it (any status; None for a visitor or someone
    who never joined). Members, who read most group pages, get both from one query."""
    if user.is_authenticated:
        membership = (
            Membership.objects.select_related("group__course", "group__organization")
            .filter(group__slug=slug, user=user)
            .first()
        )
        if membership is not None:
            membership.user = user
            return membership.group, membership
    return group_by_slug(slug), None


def group_members(group: LearningGroup) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(group=group)
        .select_related("user__organization")
        .order_by("role", "user__full_name", "user__email")
    )


def group_member_names(group: LearningGroup) -> QuerySet[Membership]:
    """The active members as a member list shows them (name, organization, role), reading only
    those columns."""
    return group_members(group).only(
        "group_id", "role", "status", "user__full_name", "user__organization__name"
    )


def group_member_names_shown(group: LearningGroup, limit: int) -> tuple[list[Membership], int]:
    """The first `limit` active members as the member list shows them (facilitators first),
    and how many there are in all, in one query."""
    members = list(group_member_names(group).annotate(total=Window(Count("pk")))[:limit])
    return members, (members[0].total if members else 0)


def group_facilitators(group: LearningGroup) -> QuerySet[Membership]:
    return group_members(group).filter(role=Membership.Role.FACILITATOR)


def join_requests(group: LearningGroup) -> QuerySet[Membership]:
    return (
        Membership.objects.pending()
        .filter(group=group)
        .select_related("user__organization")
        .order_by("created_at")
    )


def open_invitations(group: LearningGroup, now: datetime) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        group=group, accepted_at__isnull=True, expires_at__gt=now
    ).order_by("-created_at")


def invitation_from_token(token: str) -> tuple[Invitation | None, str]:
    """The invitation a link points to and, if it cannot be used, why: "invalid", "expired" or
    "used" (an empty reason means it can be accepted)."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_VALID_DAYS * 86400)
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "invalid"
    invitation = (
        Invitation.objects.select_related("group__course", "group__organization", "invited_by")
        .filter(pk=data.get("invitation") if isinstance(data, dict) else None)
        .first()
    )
    if invitation is None:
        return None, "invalid"
    if invitation.accepted_at is not None:
        return invitation, "used"
    if invitation.is_expired:
        return invitation, "expired"
    return invitation, ""
