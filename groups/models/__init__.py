"""Learning groups: people who take a course together with a facilitator.

::

    LearningGroup ─< Membership (user, role, status)      ─< Invitation (e-mail, signed link)
        ├─< Session (starts_at UTC + time_zone, unit) ─< RSVP, Attendance, SessionReminder
        └─< Board (one per unit + a general one) ─< Thread ─< Post ─< PostRevision

A user has at most one Membership row per group; leaving, being removed or asking to join change
its status, so the row also remembers whether someone was removed.
"""

from .discussions import Board, Post, PostRevision, Thread
from .groups import Invitation, LearningGroup, Membership
from .sessions import RSVP, Attendance, Session, SessionReminder

__all__ = [
    "RSVP",
    "Attendance",
    "Board",
    "Invitation",
    "LearningGroup",
    "Membership",
    "Post",
    "PostRevision",
    "Session",
    "SessionReminder",
    "Thread",
]
