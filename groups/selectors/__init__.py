"""Reads that cross relations, by subject: groups and members, sessions, discussions, and the
facilitator's dashboard. The package exports every public name, so `selectors.x` works from any
of them."""

from .dashboard import (
    FACILITATOR_GUIDE,
    GroupProgress,
    MemberProgress,
    course_units_with_material,
    facilitator_guide,
    group_progress,
)
from .discussions import (
    POSTS_PER_PAGE,
    THREADS_PER_PAGE,
    board_threads,
    boards_overview,
    post_for_page,
    post_url,
    recent_threads,
    thread_for_page,
    thread_posts,
)
from .members import (
    group_by_slug,
    group_facilitators,
    group_member_names,
    group_members,
    group_with_membership,
    groups_listed,
    invitation_from_token,
    join_requests,
    memberships_of_user,
    open_invitations,
)
from .sessions import (
    AttendanceRow,
    attendance_sheet,
    attendance_summary,
    session_for_page,
    session_rsvps,
    sessions_past,
    sessions_upcoming,
)

__all__ = [
    "FACILITATOR_GUIDE",
    "POSTS_PER_PAGE",
    "THREADS_PER_PAGE",
    "AttendanceRow",
    "GroupProgress",
    "MemberProgress",
    "attendance_sheet",
    "attendance_summary",
    "board_threads",
    "boards_overview",
    "course_units_with_material",
    "facilitator_guide",
    "group_by_slug",
    "group_facilitators",
    "group_member_names",
    "group_members",
    "group_progress",
    "group_with_membership",
    "groups_listed",
    "invitation_from_token",
    "join_requests",
    "memberships_of_user",
    "open_invitations",
    "post_for_page",
    "post_url",
    "recent_threads",
    "session_for_page",
    "session_rsvps",
    "sessions_past",
    "sessions_upcoming",
    "thread_for_page",
    "thread_posts",
]
