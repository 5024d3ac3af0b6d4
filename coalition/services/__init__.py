from .comments import comment_create, comment_moderate
from .content import event_save, goal_status_refresh, goal_update_create, page_update
from .reports import (
    report_create,
    report_publish_scheduled,
    report_record_edit,
    report_snapshot,
    report_transition,
    report_update,
)

__all__ = [
    "comment_create",
    "comment_moderate",
    "event_save",
    "goal_status_refresh",
    "goal_update_create",
    "page_update",
    "report_create",
    "report_publish_scheduled",
    "report_record_edit",
    "report_snapshot",
    "report_transition",
    "report_update",
]
