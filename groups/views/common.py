"""Loaders for roots.permissions.permission_required, and what every group page shows.

A loader returns None to an anonymous visitor when there is nothing to show (the check then
fails and they are asked to sign in, learning nothing), and raises Http404 for signed-in users
asking for something that does not exist or that they may not know about."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from courses.models import Unit

from .. import permissions
from ..models import Board, Membership
from ..models.discussions import GENERAL_BOARD_KEY
from ..selectors import group_by_slug, post_for_page, session_for_page, thread_for_page


def _missing(request):
    if request.user.is_authenticated:
        raise Http404
    return None


def load_group(request, slug):
    """Any group by its slug; the check decides what the visitor may see."""
    return group_by_slug(slug) or _missing(request)


def load_readable_group(request, slug):
    """A group whose inside (sessions, discussions, members) the user may read; others 404."""
    group = group_by_slug(slug)
    if group is None:
        return _missing(request)
    if request.user.is_authenticated and not permissions.can_read_group(request.user, group):
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
    board = Board.objects.filter(group=group, unit=unit).first() or Board(group=group, unit=unit)
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
    if request.user.is_authenticated and not permissions.can_read_thread(request.user, thread):
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
    if request.user.is_authenticated and not permissions.can_read_thread(request.user, post.thread):
        raise Http404
    return post


def _tabs(group, *, is_member: bool, is_facilitator: bool, can_view_dashboard: bool):
    tabs = [
        ("overview", "groups:detail", _("Overview"), True),
        ("sessions", "groups:sessions", _("Sessions"), True),
        ("discussions", "groups:boards", _("Discussions"), True),
        ("members", "groups:members", _("Members"), is_facilitator),
        ("dashboard", "groups:dashboard", _("Progress"), can_view_dashboard),
        ("settings", "groups:edit", _("Group settings"), is_facilitator),
        ("you", "groups:settings", _("Your preferences"), is_member),
    ]
    return [
        {"key": key, "url": reverse(name, args=[group.slug]), "label": label}
        for key, name, label, shown in tabs
        if shown
    ]


def group_context(request, group, tab: str = "", **extra) -> dict:
    """What the group layout needs: the viewer's membership and roles, and the section tabs."""
    user = request.user
    flags = {
        "is_member": permissions.is_member(user, group),
        "is_facilitator": permissions.is_facilitator(user, group),
        "can_view_dashboard": permissions.can_view_dashboard(user, group),
    }
    can_read = permissions.can_read_group(user, group)
    return {
        "group": group,
        "membership": permissions.membership_of(user, group),
        "can_read": can_read,
        "tabs": _tabs(group, **flags) if can_read else [],
        "tab": tab,
        **flags,
        **extra,
    }


def paginate(request, items, per_page: int):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def form_error_message(request) -> None:
    messages.error(request, _("Please correct the errors below; nothing has been saved yet."))


def validation_messages(request, error) -> None:
    for message in error.messages:
        messages.error(request, message)
