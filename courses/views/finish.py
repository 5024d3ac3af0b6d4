"""The page a learner lands on when the step that finishes a course is done: what is left (the
CE credit's steps, when the course offers credit) and where to go next."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from roots.permissions import permission_required

from .. import permissions, selectors
from .common import refuse_not_enrolled


@require_GET
@permission_required(permissions.can_open_lessons, load=permissions.load_course)
def course_finished(request, course):
    progress = selectors.course_progress(request.user, course)
    refused = refuse_not_enrolled(request, progress)
    if refused:
        return refused
    after = None
    if progress.is_complete:
        after = selectors.after_course(request.user, [course], with_steps=True).get(course.pk)
    return render(
        request,
        "courses/course_finished.html",
        {"course": course, "progress": progress, "after": after},
    )
