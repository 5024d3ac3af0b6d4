"""What follows a finished course. The learner's pages say "You have finished" and, where an
app above this one offers something for finished courses (the CE credit: the steps left before
a claim, the certificate once issued), show it: that app registers a source from its
AppConfig.ready(), as this app never imports it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from ..models import Course, Enrollment


@dataclass(frozen=True)
class NextStep:
    """One thing left to do after the course, with the page where it is done."""

    label: str
    detail: str
    url: str


@dataclass(frozen=True)
class AfterCourse:
    """What a finished course offers the learner: `title` at `url` (the claim page), the
    `steps` still to do there (when asked for), whether anything is left to claim, and the
    address of an issued certificate's PDF."""

    title: str
    url: str
    claimable: bool
    steps: tuple[NextStep, ...] = ()
    certificate_url: str = ""

    @property
    def steps_left(self) -> int:
        return len(self.steps)


# source(user=, courses=, with_steps=) -> {course id: AfterCourse}
_SOURCES: list[Callable[..., dict[int, AfterCourse]]] = []


def register_after_course(source: Callable[..., dict[int, AfterCourse]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def after_course(
    user, courses: Iterable[Course], *, with_steps: bool = False
) -> dict[int, AfterCourse]:
    """{course id: AfterCourse} for the courses that offer something once finished; a few
    queries for all of them (`with_steps` adds the steps of each, for one course's page)."""
    courses = list(courses)
    found: dict[int, AfterCourse] = {}
    if not courses:
        return found
    for source in _SOURCES:
        for course_id, item in source(user=user, courses=courses, with_steps=with_steps).items():
            found.setdefault(course_id, item)
    return found


def completes_course(*, user, course: Course, at: datetime) -> bool:
    """Whether the step recorded at `at` is the one that first made the course complete."""
    return Enrollment.objects.filter(user=user, course=course, completed_at__gte=at).exists()
