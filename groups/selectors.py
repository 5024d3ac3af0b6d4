"""Reads that cross relations: lists, overviews, the facilitator's progress grid."""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.core import signing
from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet

from courses.models import Unit
from courses.selectors import GridCell, UnitState, progress_grid
from resources.models import Resource

from .models import (
    RSVP,
    Attendance,
    Board,
    Invitation,
    LearningGroup,
    Membership,
    Post,
    Session,
    Thread,
)
from .models.groups import INVITATION_SALT, INVITATION_VALID_DAYS

logger = logging.getLogger(__name__)

FACILITATOR_GUIDE = "NA616"
POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 20
SLUG_TIMEOUT = 3600


# Groups and members


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
    group = LearningGroup.objects.select_related("course", "organization").filter(slug=slug).first()
    if group is not None:
        cache.set(_slug_key(slug), group.pk, SLUG_TIMEOUT)
    return group


def _slug_key(slug: str) -> str:
    return f"groups:slug:{slug}"


def group_id_for_slug(slug: str, **_other_url_arguments) -> int | None:
    """The id of the group with this slug as last loaded by group_by_slug(), from the cache and
    without a query; None when not known yet. Takes a group page's URL arguments as they come,
    for the page cache's keys: a group that changes its slug also gets a new version, so a
    stale mapping never serves an out-of-date page."""
    return cache.get(_slug_key(slug))


def group_members(group: LearningGroup) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(group=group)
        .select_related("user__organization")
        .order_by("role", "user__full_name", "user__email")
    )


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


# Sessions


def _with_viewer_rsvp(sessions: QuerySet[Session], user) -> QuerySet[Session]:
    return sessions.prefetch_related(
        Prefetch("rsvps", queryset=RSVP.objects.filter(user=user), to_attr="viewer_rsvps")
    )


def sessions_upcoming(group: LearningGroup, user, now: datetime) -> QuerySet[Session]:
    sessions = (
        Session.objects.upcoming(now)
        .filter(group=group)
        .select_related("unit", "group")
        .annotate(yes_count=Count("rsvps", filter=Q(rsvps__response=RSVP.Response.YES)))
    )
    return _with_viewer_rsvp(sessions, user)


def sessions_past(group: LearningGroup, now: datetime) -> QuerySet[Session]:
    return (
        Session.objects.past(now)
        .filter(group=group)
        .select_related("unit", "group")
        .annotate(
            attended_count=Count("attendances", filter=Q(attendances__attended=True)),
            recorded_count=Count("attendances"),
        )
    )


def session_for_page(group: LearningGroup, pk: int) -> Session | None:
    return (
        Session.objects.filter(group=group, pk=pk)
        .select_related("unit", "created_by")
        .prefetch_related(
            Prefetch(
                "unit__resources",
                queryset=Resource.objects.published().order_by("catalog_number"),
                to_attr="published_resources",
            )
        )
        .first()
    )


def session_rsvps(session: Session) -> QuerySet[RSVP]:
    return session.rsvps.select_related("user").order_by("response", "user__full_name")


@dataclass
class AttendanceRow:
    membership: Membership
    attended: bool | None
    rsvp: str
    checked: bool = False

    @property
    def rsvp_label(self) -> str:
        return str(RSVP.Response(self.rsvp).label) if self.rsvp else ""


def attendance_sheet(session: Session) -> list[AttendanceRow]:
    """Every current member with what was recorded and what they answered, in three queries."""
    members = list(group_members(session.group))
    recorded = dict(session.attendances.values_list("user_id", "attended"))
    answers = dict(session.rsvps.values_list("user_id", "response"))
    return [
        AttendanceRow(
            membership=m,
            attended=recorded.get(m.user_id),
            rsvp=answers.get(m.user_id, ""),
        )
        for m in members
    ]


# Discussions


def boards_overview(group: LearningGroup, *, include_hidden: bool) -> list[Board]:
    """The general board then one per unit, each with its number of threads and last activity.
    Boards missing for units added to the course later are shown as empty ones."""
    thread_filter = Q() if include_hidden else Q(threads__hidden=False)
    boards = {
        board.unit_id: board
        for board in Board.objects.filter(group=group)
        .select_related("unit")
        .annotate(
            thread_count=Count("threads", filter=thread_filter),
            last_post_at=Max("threads__last_post_at", filter=thread_filter),
        )
    }
    result = [boards.get(None) or Board(group=group, unit=None)]
    for unit in Unit.objects.filter(course_id=group.course_id).order_by("number"):
        board = boards.get(unit.pk) or Board(group=group, unit=unit)
        board.unit = unit
        result.append(board)
    for board in result:
        board.group = group
        if board.pk is None:
            board.thread_count, board.last_post_at = 0, None
    return result


def board_threads(board: Board, *, include_hidden: bool) -> QuerySet[Thread]:
    threads = board.threads.select_related("author").annotate(
        post_count=Count("posts", filter=Q(posts__deleted=False))
    )
    if not include_hidden:
        threads = threads.filter(hidden=False)
    return threads.order_by("-pinned", "-last_post_at")


def thread_for_page(group: LearningGroup, pk: int) -> Thread | None:
    return (
        Thread.objects.filter(board__group=group, pk=pk)
        .select_related("board__unit", "author")
        .first()
    )


def thread_posts(thread: Thread) -> QuerySet[Post]:
    return (
        thread.posts.select_related("author")
        .annotate(revision_count=Count("revisions"))
        .order_by("created_at", "pk")
    )


def recent_threads(group: LearningGroup, *, include_hidden: bool, limit: int = 5) -> list:
    threads = Thread.objects.filter(board__group=group).select_related("board__unit", "author")
    if not include_hidden:
        threads = threads.filter(hidden=False)
    threads = list(threads.order_by("-last_post_at")[:limit])
    for thread in threads:
        thread.board.group = group
    return threads


def post_for_page(group: LearningGroup, pk: int) -> Post | None:
    return (
        Post.objects.filter(thread__board__group=group, pk=pk)
        .select_related("thread__board__unit", "author")
        .first()
    )


def post_url(post: Post) -> str:
    """The address of the page of its thread that shows the post, with the post's anchor."""
    earlier = Post.objects.filter(thread_id=post.thread_id, created_at__lt=post.created_at).count()
    page = earlier // POSTS_PER_PAGE + 1
    suffix = f"?page={page}" if page > 1 else ""
    return f"{post.thread.get_absolute_url()}{suffix}#post-{post.pk}"


# Facilitator material


def facilitator_guide() -> Resource | None:
    return Resource.objects.published().filter(catalog_number=FACILITATOR_GUIDE).first()


def course_units_with_material(group: LearningGroup) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(course_id=group.course_id)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "resources",
                queryset=Resource.objects.published().order_by("catalog_number"),
                to_attr="published_resources",
            )
        )
    )


# The facilitator's dashboard


@dataclass
class MemberProgress:
    membership: Membership
    units: list[GridCell]
    certificate: bool
    sessions_attended: int

    @property
    def units_complete(self) -> int:
        return sum(unit.state == UnitState.COMPLETE for unit in self.units)


@dataclass
class GroupProgress:
    units: list[Unit]
    rows: list[MemberProgress]
    sessions_held: int
    state_counts: list[Counter] = field(default_factory=list)


def _certificate_holders(group: LearningGroup, member_ids) -> set[int]:
    """Members holding an issued certificate for the group's course."""
    from courses.certificates.models import Certificate

    return set(
        Certificate.objects.filter(
            course_id=group.course_id,
            learner_id__in=member_ids,
            status=Certificate.Status.ISSUED,
        ).values_list("learner_id", flat=True)
    )


def group_progress(group: LearningGroup) -> GroupProgress:
    """Members x units of the group's course, with certificates and attendance, in a fixed
    number of queries whatever the number of members and units. The cells are the courses
    app's progress grid (`courses.selectors.progress_grid`), the rule learners see on their own
    pages."""
    # Only what the grid and its CSV show: the members' organizations are not needed here.
    memberships = list(
        group_members(group)
        .select_related(None)
        .select_related("user")
        .only("group_id", "role", "user__full_name", "user__email")
    )
    member_ids = Membership.objects.active().filter(group=group).values("user_id")
    grid = progress_grid([membership.user_id for membership in memberships], group.course)
    attended = dict(
        Attendance.objects.filter(session__group=group, attended=True, user_id__in=member_ids)
        .values("user_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("user_id", "n")
    )
    sessions_held = Session.objects.filter(
        Exists(Attendance.objects.filter(session=OuterRef("pk"))), group=group
    ).count()
    certificates = _certificate_holders(group, member_ids)
    rows = [
        MemberProgress(
            membership=membership,
            units=grid.by_user[membership.user_id],
            certificate=membership.user_id in certificates,
            sessions_attended=attended.get(membership.user_id, 0),
        )
        for membership in memberships
    ]
    return GroupProgress(
        units=grid.units,
        rows=rows,
        sessions_held=sessions_held,
        state_counts=grid.state_counts(),
    )


def attendance_summary(group: LearningGroup, now: datetime, limit: int = 12) -> list[Session]:
    """The latest past sessions with how many came and how many said they would."""
    return list(
        Session.objects.past(now)
        .filter(group=group)
        .select_related("unit", "group")
        .annotate(
            attended_count=Count(
                "attendances", filter=Q(attendances__attended=True), distinct=True
            ),
            recorded_count=Count("attendances", distinct=True),
            yes_count=Count("rsvps", filter=Q(rsvps__response=RSVP.Response.YES), distinct=True),
        )[:limit]
    )
