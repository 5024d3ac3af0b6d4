"""Engaged time: how long a learner spent on a lesson and a course, as the server counted it
(`courses.services.lesson_time_beat`, `lesson_complete`), and what marking a lesson complete
needs (docs/decisions/engaged-time.md).

- A lesson's time is capped at LESSON_TIME_CAP times its expected minutes: lingering on one
  lesson never stands in for the others.
- Marking a lesson complete needs the course's share of its expected minutes (a CE rules
  setting; DEFAULT_LESSON_TIME_SHARE without one) or, for a lesson with its own video,
  VIDEO_SHARE_TO_COMPLETE percent of the video played.
- A lesson never open with JavaScript (no heartbeat ever) counts the time since it was first
  opened, from where the course's counted time ends (`Enrollment.engaged_until`), so lessons
  opened side by side share those minutes instead of each counting them.

The share comes from whoever registered a source (`register_lesson_time_share`): the CE rules
live above this app, which never imports them.
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from roots import pagecache

from ..models import Course, Enrollment, Lesson, LessonTime

DEFAULT_LESSON_TIME_SHARE = 50  # percent of a lesson's expected minutes
LESSON_TIME_CAP = 2  # a lesson counts at most this many times its expected minutes
VIDEO_SHARE_TO_COMPLETE = 90  # percent of a lesson's own video played

_SHARE_SOURCES: list[Callable[[int], int | None]] = []


def register_lesson_time_share(source: Callable[[int], int | None]) -> None:
    """`source(course_id)` answers the share (percent) a course's lessons need, or None when it
    does not set one. Called from an AppConfig.ready(); the first answer that is not None wins."""
    if source not in _SHARE_SOURCES:
        _SHARE_SOURCES.append(source)


def lesson_time_share(course_id: int) -> int:
    """The percent of a lesson's expected minutes the course asks for before completing it:
    the same for every learner, so kept per catalogue content version (the sources' models
    belong to that family)."""

    def build() -> int:
        for source in _SHARE_SOURCES:
            share = source(course_id)
            if share is not None:
                return share
        return DEFAULT_LESSON_TIME_SHARE

    return pagecache.fragment(
        "catalogue", key=("courses:lesson-time-share", course_id), build=build
    )


def lesson_time_cap(lesson: Lesson) -> int:
    """The most seconds a lesson counts."""
    return LESSON_TIME_CAP * lesson.estimated_minutes * 60


def duration_display(seconds: int) -> str:
    """4,500 -> "1 h 15 min", 2,700 -> "45 min", 10,800 -> "3 h": how time on a course is
    written (whole minutes, rounded down: never more than was counted)."""
    minutes = max(int(seconds), 0) // 60
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return gettext("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    if hours:
        return gettext("%(hours)s h") % {"hours": hours}
    return gettext("%(minutes)s min") % {"minutes": minutes}


def _not_yet_counted(row: LessonTime, enrollment: Enrollment | None, now: datetime) -> int:
    """Seconds a lesson never open with JavaScript has been open, past what the course has
    counted already; 0 for a lesson with heartbeats (they count instead)."""
    if row.last_beat_at is not None:
        return 0
    since = row.opened_at
    if enrollment is not None and enrollment.engaged_until and enrollment.engaged_until > since:
        since = enrollment.engaged_until
    return max(int((now - since).total_seconds()), 0)


def counted_seconds(
    row: LessonTime | None, *, lesson: Lesson, enrollment: Enrollment | None, now=None
) -> int:
    """The lesson's engaged seconds as they stand now: the counted ones and, without
    heartbeats, the time since the lesson was opened; capped."""
    if row is None:
        return 0
    now = now or timezone.now()
    return min(row.seconds + _not_yet_counted(row, enrollment, now), lesson_time_cap(lesson))


@dataclass(frozen=True)
class LessonClock:
    """A learner's time on a lesson against what the lesson expects and what completing it
    needs."""

    seconds: int
    expected_seconds: int
    required_seconds: int
    video_seconds: int | None = None  # the lesson's own video, if it has one
    video_watched: int = 0

    @property
    def minutes(self) -> int:
        return self.seconds // 60

    @property
    def expected_minutes(self) -> int:
        return self.expected_seconds // 60

    @property
    def video_done(self) -> bool:
        return bool(self.video_seconds) and (
            100 * self.video_watched >= VIDEO_SHARE_TO_COMPLETE * self.video_seconds
        )

    @property
    def can_complete(self) -> bool:
        return self.seconds >= self.required_seconds or self.video_done

    @property
    def minutes_left(self) -> int:
        """Whole minutes still needed (rounded up), 0 once the lesson may be completed."""
        if self.can_complete:
            return 0
        return math.ceil((self.required_seconds - self.seconds) / 60)

    @property
    def progress_text(self) -> str:
        """ "12 of 20 minutes" """
        return ngettext(
            "%(minutes)s of %(expected)s minute",
            "%(minutes)s of %(expected)s minutes",
            self.expected_minutes,
        ) % {"minutes": self.minutes, "expected": self.expected_minutes}

    @property
    def time_left_text(self) -> str:
        """ "About 6 more minutes on this lesson before it can be marked complete." """
        return ngettext(
            "About %(minutes)s more minute on this lesson before it can be marked complete.",
            "About %(minutes)s more minutes on this lesson before it can be marked complete.",
            self.minutes_left,
        ) % {"minutes": self.minutes_left}


def lesson_clock(
    *, lesson: Lesson, row: LessonTime | None, enrollment: Enrollment | None, now=None
) -> LessonClock:
    """The clock of one learner's lesson, from their LessonTime row (None: never opened) and
    enrolment."""
    expected = lesson.estimated_minutes * 60
    share = lesson_time_share(lesson.unit.course_id)
    return LessonClock(
        seconds=counted_seconds(row, lesson=lesson, enrollment=enrollment, now=now),
        expected_seconds=expected,
        required_seconds=math.ceil(expected * share / 100),
        video_seconds=lesson.native_video_seconds,
        video_watched=row.video_watched if row is not None else 0,
    )


def lesson_time_for(*, user, lesson: Lesson) -> LessonTime | None:
    return LessonTime.objects.filter(user=user, lesson=lesson).first()


def engaged_seconds(*, user_ids: Iterable[int], lesson_ids: Iterable[int]) -> dict[int, int]:
    """{user id: engaged seconds on these lessons} in one query; learners without any time
    are left out. Read by (learner, lesson), the rows' unique index."""
    user_ids, lesson_ids = list(user_ids), list(lesson_ids)
    if not user_ids or not lesson_ids:
        return {}
    rows = (
        LessonTime.objects.filter(user_id__in=user_ids, lesson_id__in=lesson_ids)
        .order_by()
        .values("user_id")
        .annotate(total=Sum("seconds"))
        .values_list("user_id", "total")
    )
    return dict(rows)


def course_engaged_seconds(*, user, course: Course) -> int:
    """The learner's engaged seconds on every lesson of the course."""
    total = LessonTime.objects.filter(user=user, lesson__unit__course=course).aggregate(
        total=Sum("seconds")
    )["total"]
    return total or 0
