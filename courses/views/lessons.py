"""A lesson's page: reading it (its time counted by heartbeats), marking it complete, saving a
reflection."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roots.permissions import permission_required
from roots.ratelimit import limited

from .. import permissions, selectors, services
from ..forms import BeatForm, ReflectionForm
from .common import is_htmx, is_preview, refuse_not_enrolled

# The page stops beating after this long without a key, a click, a scroll or a touch.
IDLE_SECONDS = 60


def _clock(request, lesson, progress, *, open_lesson: bool = False):
    """The learner's clock on the lesson (None for staff previewing it); `open_lesson` records
    the first opening."""
    if not progress.is_enrolled or is_preview(request):
        return None
    if open_lesson:
        row = services.lesson_time_open(user=request.user, lesson=lesson)
    else:
        row = selectors.lesson_time_for(user=request.user, lesson=lesson)
    return selectors.lesson_clock(lesson=lesson, row=row, enrollment=progress.enrollment)


def _lesson_context(request, lesson, progress, **extra):
    unit = lesson.unit
    previous_step, next_step = progress.neighbours(unit=unit, lesson=lesson)
    context = {
        "course": unit.course,
        "unit": unit,
        "lesson": lesson,
        "progress": progress,
        "unit_progress": progress.unit_progress(unit.pk),
        "is_done": lesson.pk in progress.completed_lesson_ids,
        "previous_step": previous_step,
        "next_step": next_step,
        "preview": is_preview(request),
        "can_record": progress.is_enrolled and not is_preview(request),
        "beat_seconds": services.BEAT_SECONDS,
        "idle_seconds": IDLE_SECONDS,
    }
    context.update(extra)
    if "clock" not in context:
        context["clock"] = _clock(request, lesson, progress)
    return context


@permission_required(permissions.can_view_lesson, load=permissions.load_lesson)
def lesson_detail(request, lesson):
    progress = selectors.course_progress(request.user, lesson.unit.course)
    refused = refuse_not_enrolled(request, progress)
    if refused:
        return refused
    reflection = selectors.reflection_for(user=request.user, lesson=lesson)
    form = ReflectionForm(initial={"text": reflection.text if reflection else ""})
    context = _lesson_context(
        request,
        lesson,
        progress,
        reflection=reflection,
        form=form,
        clock=_clock(request, lesson, progress, open_lesson=True),
    )
    return render(request, "courses/lesson_detail.html", context)


@require_POST
@permission_required(permissions.can_view_lesson, load=permissions.load_lesson)
def lesson_complete(request, lesson):
    course = lesson.unit.course
    try:
        completion, created = services.lesson_complete(user=request.user, lesson=lesson)
    except ValidationError as error:
        if error.code != "too_soon":
            messages.error(request, error.messages[0])
            return redirect(course)
        if is_htmx(request):
            progress = selectors.course_progress(request.user, course)
            return render(
                request,
                "courses/lesson_detail.html#completion",
                _lesson_context(request, lesson, progress, completion_error=error.messages[0]),
            )
        messages.warning(request, error.messages[0])
        return redirect(lesson)
    if created and selectors.completes_course(
        user=request.user, course=course, at=completion.completed_at
    ):
        # The step that finished the course: the learner is shown what comes next.
        messages.success(request, _("Lesson marked complete."))
        finished = reverse("courses:finished", args=[course.slug])
        if is_htmx(request):
            return HttpResponse(headers={"HX-Redirect": finished})
        return redirect(finished)
    if is_htmx(request):
        progress = selectors.course_progress(request.user, course)
        return render(
            request,
            "courses/lesson_detail.html#completion",
            _lesson_context(request, lesson, progress, just_completed=True),
        )
    if created:
        messages.success(request, _("Lesson marked complete."))
    return redirect(lesson)


@require_POST
@permission_required(permissions.can_view_lesson, load=permissions.load_lesson)
@limited("beat", back="learn:dashboard")
def lesson_beat(request, lesson):
    """A heartbeat of the lesson page (static/js/courses.js): counts the learner's time and
    answers the clock's new text."""
    form = BeatForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    try:
        row = services.lesson_time_beat(
            user=request.user,
            lesson=lesson,
            visible=form.cleaned_data["visible"],
            active=form.cleaned_data["active"],
            video_position=form.cleaned_data["video_position"],
        )
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=403)
    clock = selectors.lesson_clock(lesson=lesson, row=row, enrollment=None)
    return JsonResponse(
        {"seconds": clock.seconds, "text": clock.progress_text, "can_complete": clock.can_complete}
    )


@require_POST
@permission_required(permissions.can_view_lesson, load=permissions.load_lesson)
def reflection_save(request, lesson):
    form = ReflectionForm(request.POST)
    error = None
    reflection = None
    if form.is_valid():
        try:
            reflection = services.reflection_save(
                user=request.user, lesson=lesson, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            error = exc.messages[0]
    else:
        error = form.errors["text"][0]
    if is_htmx(request):
        # htmx swaps only 2xx answers by default: the error travels in the status fragment.
        return render(
            request,
            "courses/lesson_detail.html#reflection_status",
            {"reflection": reflection, "reflection_error": error},
        )
    if error is None:
        saved_at = formats.time_format(timezone.localtime(reflection.updated_at), "H:i")
        messages.success(request, _("Reflection saved at %(time)s.") % {"time": saved_at})
        return redirect(f"{lesson.get_absolute_url()}#reflection")
    messages.error(request, _("Your reflection was not saved: %(error)s") % {"error": error})
    progress = selectors.course_progress(request.user, lesson.unit.course)
    if not progress.is_enrolled:
        return redirect(lesson.unit.course)
    return render(
        request,
        "courses/lesson_detail.html",
        _lesson_context(request, lesson, progress, form=form, reflection_error=error),
        status=400,
    )
