from .events import Event, EventQuerySet
from .goals import Goal, GoalStatus, GoalUpdate
from .pages import Page
from .partners import Partner
from .reports import (
    Report,
    ReportComment,
    ReportCommentQuerySet,
    ReportQuerySet,
    ReportRevision,
    ReportSection,
)

__all__ = [
    "Event",
    "EventQuerySet",
    "Goal",
    "GoalStatus",
    "GoalUpdate",
    "Page",
    "Partner",
    "Report",
    "ReportComment",
    "ReportCommentQuerySet",
    "ReportQuerySet",
    "ReportRevision",
    "ReportSection",
]
