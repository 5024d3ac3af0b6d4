"""The facilitator's material and dashboard: members x units of the group's course."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from courses.models import Unit
from courses.selectors import GridCell, UnitState, progress_grid
from resources.models import Resource
from roots import pagecache

from ..models import Attendance, LearningGroup, Membership, Session
from .members import group_members

FACILITATOR_GUIDE = "NA616"


def facilitator_guide() -> Resource | None:
    """The guide every facilitator is shown; kept per catalogue content version. Read-only."""
    return pagecache.fragment(
        "catalogue",
        key=("groups:guide",),
        build=lambda: Resource.objects.published().filter(catalog_number=FACILITATOR_GUIDE).first(),
    )


def course_units_with_material(group: LearningGroup) -> list[Unit]:
    """The units of the group's course with their published resources: the same for every
    group of the course, so kept per catalogue content version. Read-only."""

    def units():
        return list(
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

    key = ("groups:material", group.course_id)
    return pagecache.fragment("catalogue", key=key, build=units)


@dataclass
class MemberProgress:
    membership: Membership
    units: list[GridCell]
    certificate: bool
    sessions_attended: int
    engaged_seconds: int = 0

    @property
    def units_complete(self) -> int:
        return sum(unit.state == UnitState.COMPLETE for unit in self.units)


@dataclass
class GroupProgress:
    units: list[Unit]
    rows: list[MemberProgress]
    sessions_held: int
    state_counts: list[Counter] = field(default_factory=list)


def group_progress(group: LearningGroup) -> GroupProgress:
    """Members x units of the group's course, with their time on it, certificates and
    attendance, in a fixed number of queries whatever the number of members and units. The
    cells are the courses app's progress grid (`courses.selectors.progress_grid`), the rule
    learners see on their own pages."""
    from courses.certificates.models import Certificate

    attended = (
        Attendance.objects.filter(session__group=group, attended=True, user_id=OuterRef("user_id"))
        .order_by()
        .values("user_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    holds_certificate = Certificate.objects.filter(
        course_id=group.course_id, learner_id=OuterRef("user_id"), status=Certificate.Status.ISSUED
    )
    # Only what the grid and its CSV show (the members' organizations are not needed here), with
    # each member's attendance and certificate in the same query.
    memberships = list(
        group_members(group)
        .select_related(None)
        .select_related("user")
        .only("group_id", "role", "user__full_name", "user__email")
        .annotate(
            sessions_attended=Coalesce(Subquery(attended), 0),
            certificate=Exists(holds_certificate),
        )
    )
    grid = progress_grid(
        [membership.user_id for membership in memberships], group.course, with_time=True
    )
    sessions_held = Session.objects.filter(
        Exists(Attendance.objects.filter(session=OuterRef("pk"))), group=group
    ).count()
    rows = [
        MemberProgress(
            membership=membership,
            units=grid.by_user[membership.user_id],
            certificate=membership.certificate,
            sessions_attended=membership.sessions_attended,
            engaged_seconds=grid.seconds[membership.user_id],
        )
        for membership in memberships
    ]
    return GroupProgress(
        units=grid.units,
        rows=rows,
        sessions_held=sessions_held,
        state_counts=grid.state_counts(),
    )
