"""Sessions: upcoming and past, one session's page, answers and attendance."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from resources.models import Resource

from ..models import RSVP, LearningGroup, Membership, Session
from .members import group_members


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
