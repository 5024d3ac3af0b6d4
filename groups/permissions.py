"""Who may do what in a learning group. Applied to views through roots.permissions.

Objects answer 404 to people who may not know they exist: an unlisted group to non-members,
every group's sessions and discussions to non-members. Facilitator pages answer 403 to members,
who know the group but may not manage it. Staff see every group (read only)."""

from roots.permissions import has_verified_email, is_staff

from .models import LearningGroup, Membership, Post, Thread


def membership_of(user, group: LearningGroup | None) -> Membership | None:
    """The user's membership row in the group (any status), looked up once per request."""
    if group is None or not user.is_authenticated:
        return None
    cache = group.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = Membership.objects.filter(group=group, user=user).first()
    return cache[user.pk]


def is_member(user, group: LearningGroup | None) -> bool:
    """An active member, facilitators included."""
    membership = membership_of(user, group)
    return membership is not None and membership.is_active


def is_facilitator(user, group: LearningGroup | None) -> bool:
    membership = membership_of(user, group)
    return membership is not None and membership.is_facilitator


def can_create_group(user) -> bool:
    return has_verified_email(user)


def can_see_group(user, group: LearningGroup | None) -> bool:
    """The group's page: its public summary for a listed group, everything for members."""
    if group is None:
        return False
    return group.listed or is_member(user, group) or is_staff(user)


def can_read_group(user, group: LearningGroup | None) -> bool:
    """Sessions, discussions, the member list."""
    return is_member(user, group) or is_staff(user)


def can_view_dashboard(user, group: LearningGroup | None) -> bool:
    return is_facilitator(user, group) or is_staff(user)


def can_read_thread(user, thread: Thread | None) -> bool:
    if thread is None:
        return False
    group = thread.board.group
    if thread.hidden:
        return is_facilitator(user, group) or is_staff(user)
    return can_read_group(user, group)


def can_edit_post(user, post: Post | None) -> bool:
    """Authors edit or delete their own posts while they are members (in an open thread: the
    service refuses changes in a locked one, with a message)."""
    if post is None:
        return False
    return (
        post.author_id == user.pk
        and not post.deleted
        and not post.hidden
        and is_member(user, post.thread.board.group)
    )


def can_view_post_history(user, post: Post | None) -> bool:
    if post is None:
        return False
    group = post.thread.board.group
    return (post.author_id == user.pk and is_member(user, group)) or can_view_dashboard(user, group)


def is_signed_in(user) -> bool:
    return user.is_authenticated


def can_request_to_join(user, group: LearningGroup | None) -> bool:
    """Listed groups take requests; the service says why one cannot be made (already a member,
    removed, group full)."""
    return group is not None and user.is_authenticated and group.listed


def can_read_session(user, session) -> bool:
    return session is not None and can_read_group(user, session.group)


def can_manage_session(user, session) -> bool:
    return session is not None and is_facilitator(user, session.group)


def can_rsvp(user, session) -> bool:
    return session is not None and is_member(user, session.group)


def can_post_in_thread(user, thread: Thread | None) -> bool:
    return thread is not None and is_member(user, thread.board.group)


def can_moderate_thread(user, thread: Thread | None) -> bool:
    return thread is not None and is_facilitator(user, thread.board.group)


def can_moderate_post(user, post: Post | None) -> bool:
    return post is not None and is_facilitator(user, post.thread.board.group)


def can_post_on_board(user, board) -> bool:
    return board is not None and is_member(user, board.group)


def can_read_board(user, board) -> bool:
    return board is not None and can_read_group(user, board.group)


def can_manage_membership(user, membership: Membership | None) -> bool:
    return membership is not None and is_facilitator(user, membership.group)
