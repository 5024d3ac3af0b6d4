"""Who may do what in a learning group. Applied to views through roots.permissions.

Objects answer 404 to people who may not know they exist: an unlisted group to non-members,
every group's sessions and discussions to non-members. Facilitator pages answer 403 to members,
who know the group but may not manage it. Staff see every group (read only).

The loaders (at the end) fetch a page's object for the check. A loader returns None to an
anonymous visitor when there is nothing to show (the check then fails and they are asked to sign
in, learning nothing), and raises Http404 for signed-in users asking for something that does not
exist or that they may not know about."""

from django.http import Http404

from courses.models import Unit
from roots.permissions import has_verified_email, is_staff

from .models import Board, LearningGroup, Membership, Post, Thread
from .models.discussions import GENERAL_BOARD_KEY
from .selectors import group_with_membership, post_for_page, session_for_page, thread_for_page


def _memberships_known(group: LearningGroup) -> dict:
    return group.__dict__.setdefault("_membership_cache", {})


def membership_of(user, group: LearningGroup | None) -> Membership | None:
    """The user's membership row in the group (any status), looked up once per request (the
    loaders below bring it with the group)."""
    if group is None or not user.is_authenticated:
        return None
    known = _memberships_known(group)
    if user.pk not in known:
        known[user.pk] = Membership.objects.filter(group=group, user=user).first()
    return known[user.pk]


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


def _missing(request):
    if request.user.is_authenticated:
        raise Http404
    return None


def _group_and_viewer(request, slug) -> LearningGroup | None:
    group, membership = group_with_membership(slug, request.user)
    if group is not None and request.user.is_authenticated:
        _memberships_known(group)[request.user.pk] = membership
    return group


def load_group(request, slug):
    """Any group by its slug; the check decides what the visitor may see."""
    return _group_and_viewer(request, slug) or _missing(request)


def load_readable_group(request, slug):
    """A group whose inside (sessions, discussions, members) the user may read; others 404."""
    group = _group_and_viewer(request, slug)
    if group is None:
        return _missing(request)
    if request.user.is_authenticated and not can_read_group(request.user, group):
        raise Http404
    return group


def load_session(request, slug, pk):
    group = load_readable_group(request, slug)
    if group is None:
        return None
    session = session_for_page(group, pk)
    if session is None:
        return _missing(request)
    session.group = group
    return session


def load_membership(request, slug, pk):
    group = load_readable_group(request, slug)
    if group is None:
        return None
    membership = Membership.objects.select_related("user").filter(group=group, pk=pk).first()
    if membership is None:
        return _missing(request)
    membership.group = group
    return membership


def load_board(request, slug, board_key):
    """A board by its key ("general" or "unit-<number>"). A unit's board that was never used is
    returned unsaved; the first thread saves it."""
    group = load_readable_group(request, slug)
    if group is None:
        return None
    unit = None
    if board_key != GENERAL_BOARD_KEY:
        number = board_key.removeprefix("unit-")
        if not board_key.startswith("unit-") or not (number.isascii() and number.isdigit()):
            raise Http404
        unit = Unit.objects.filter(course_id=group.course_id, number=int(number)).first()
        if unit is None:
            raise Http404
    unit_id = unit.pk if unit else None
    board = Board.objects.filter(group_id=group.pk, unit_id=unit_id).first()
    board = board or Board(group=group, unit=unit)
    board.group, board.unit = group, unit
    return board


def load_thread(request, slug, pk):
    group = load_readable_group(request, slug)
    if group is None:
        return None
    thread = thread_for_page(group, pk)
    if thread is None:
        return _missing(request)
    thread.board.group = group
    if request.user.is_authenticated and not can_read_thread(request.user, thread):
        raise Http404
    return thread


def load_post(request, slug, pk):
    group = load_readable_group(request, slug)
    if group is None:
        return None
    post = post_for_page(group, pk)
    if post is None:
        return _missing(request)
    post.thread.board.group = group
    if request.user.is_authenticated and not can_read_thread(request.user, post.thread):
        raise Http404
    return post
