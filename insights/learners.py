"""A course's learners for staff: every enrolled learner's state in each unit and their engaged
time on the course, the courses app's one progress grid (`courses.selectors.progress_grid`), a
page of learners at a time in a fixed number of queries."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from courses.models import Course, Enrollment, Unit
from courses.selectors import GridCell, progress_grid

LEARNERS_PER_PAGE = 50


@dataclass
class LearnerRow:
    enrollment: Enrollment
    cells: list[GridCell]
    engaged_seconds: int


@dataclass
class CourseLearners:
    units: list[Unit]
    page: Page
    rows: list[LearnerRow]


def course_learners(course: Course, *, page_number) -> CourseLearners:
    enrollments = (
        Enrollment.objects.filter(course=course)
        .select_related("user")
        .only("course_id", "user", "enrolled_at", "completed_at", "user__full_name", "user__email")
        .order_by("user__full_name", "user__email", "pk")
    )
    page = Paginator(enrollments, LEARNERS_PER_PAGE).get_page(page_number)
    grid = progress_grid([enrollment.user_id for enrollment in page], course, with_time=True)
    rows = [
        LearnerRow(enrollment, grid.by_user[enrollment.user_id], grid.seconds[enrollment.user_id])
        for enrollment in page
    ]
    return CourseLearners(units=grid.units, page=page, rows=rows)
