"""The catalogue, a course's page (and enrolling in it) and a unit's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roots.pagecache import cache_anonymous_page
from roots.permissions import has_verified_email, permission_required

from .. import permissions, selectors, services
from .common import is_preview


@cache_anonymous_page("catalogue")
def catalogue(request):
    include_drafts = permissions.can_preview(request.user) and not is_preview(request)
    courses = selectors.course_catalogue(include_drafts=include_drafts)
    page = Paginator(courses, 20).get_page(request.GET.get("page"))
    progress = {p.course.pk: p for p in selectors.courses_progress(request.user, page)}
    return render(
        request,
        "courses/course_list.html",
        {
            "page_obj": page,
            "rows": [(course, progress[course.pk]) for course in page],
            "preview": is_preview(request),
        },
    )


@permission_required(permissions.can_view_course, load=permissions.load_course)
def course_detail(request, course):
    progress = selectors.course_progress(request.user, course)
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "progress": progress,
            "email_verified": has_verified_email(request.user),
            "preview": is_preview(request),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(permissions.can_open_lessons, load=permissions.load_course)
def course_enroll(request, course):
    if request.method == "GET":
        # Where sign-in brings an anonymous visitor back to: the course page, to enrol there.
        return redirect(course)
    try:
        _enrollment, created = services.enrollment_create(
            user=request.user,
            course=course,
            from_course_page=request.POST.get("from_course_page") == "1",
        )
    except ValidationError as error:
        if error.code == "unverified_email":
            messages.warning(
                request,
                _(
                    "Verify your e-mail address before you enrol: open the link we sent you, or "
                    "send a new one from this page. Then come back to “%(course)s”."
                )
                % {"course": course.title},
            )
            return redirect("account_email")
        messages.error(request, error.messages[0])
        return redirect(course)
    if created:
        messages.success(request, _("You are enrolled in “%(course)s”.") % {"course": course})
    else:
        messages.info(request, _("You were already enrolled in “%(course)s”.") % {"course": course})
    progress = selectors.course_progress(request.user, course)
    return redirect(progress.next_step.url if progress.next_step else course.get_absolute_url())


@permission_required(permissions.can_view_unit, load=permissions.load_unit)
def unit_detail(request, unit):
    progress = selectors.course_progress(request.user, unit.course)
    return render(
        request,
        "courses/unit_detail.html",
        {
            "course": unit.course,
            "unit": unit,
            "progress": progress,
            "unit_progress": progress.unit_progress(unit.pk),
            "preview": is_preview(request),
        },
    )
