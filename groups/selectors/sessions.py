"""Sessions: upcoming and past, one session's page, answers and attendance."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from resources.models import Resource

from ..models import RSVP, Attendance, LearningGroup, Membership, Session
from .members import group_members


def _count(queryset) -> Coalesce:
    """How many rows of `queryset` (filtered on OuterRef("pk")), as a subquery: counting two
    relations through joins would multiply their rows."""
    counted = queryset.order_by().values("session_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def sessions_upcoming(
    group: LearningGroup, user, now: datetime, limit: int | None = None
) -> list[Session]:
    """The group's coming sessions, each with how many said yes and the viewer's own answer
    (`viewer_answer`, an RSVP.Response or None), in one query."""
    viewer_answer = RSVP.objects.filter(session=OuterRef("pk"), user=user).values("response")[:1]
    sessions = list(
        Session.objects.upcoming(now)
        .filter(group=group)
        .select_related("unit")
        .annotate(
            yes_count=_count(
                RSVP.objects.filter(session=OuterRef("pk"), response=RSVP.Response.YES)
            ),
            viewer_response=Subquery(viewer_answer),
        )[:limit]
    )
    for session in sessions:
        session.group = group
        session.viewer_answer = (
            RSVP.Response(session.viewer_response) if session.viewer_response else None
        )
    return sessions


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
    seconds_present: int | None = None
    absence_reason: str = ""
    checked: bool = False
    time_value: str = ""
    reason_value: str = ""
    time_errors: list | None = None
    reason_errors: list | None = None

    @property
    def rsvp_label(self) -> str:
        return str(RSVP.Response(self.rsvp).label) if self.rsvp else ""


def attendance_sheet(session: Session) -> list[AttendanceRow]:
    """Every current member with what was recorded and what they answered, in three queries."""
    members = list(group_members(session.group))
    recorded = {
        user_id: (attended, seconds, reason)
        for user_id, attended, seconds, reason in session.attendances.values_list(
            "user_id", "attended", "seconds_present", "absence_reason"
        )
    }
    answers = dict(session.rsvps.values_list("user_id", "response"))
    rows = []
    for m in members:
        attended, seconds, reason = recorded.get(m.user_id, (None, None, ""))
        rows.append(
            AttendanceRow(
                membership=m,
                attended=attended,
                rsvp=answers.get(m.user_id, ""),
                seconds_present=seconds,
                absence_reason=reason,
            )
        )
    return rows


def attendance_summary(group: LearningGroup, now: datetime, limit: int = 12) -> list[Session]:
    """The latest past sessions with how many came and how many said they would."""
    attendances = Attendance.objects.filter(session=OuterRef("pk"))
    sessions = list(
        Session.objects.past(now)
        .filter(group=group)
        .select_related("unit")
        .annotate(
            attended_count=_count(attendances.filter(attended=True)),
            recorded_count=_count(attendances),
            yes_count=_count(
                RSVP.objects.filter(session=OuterRef("pk"), response=RSVP.Response.YES)
            ),
        )[:limit]
    )
    for session in sessions:
        session.group = group
    return sessions
