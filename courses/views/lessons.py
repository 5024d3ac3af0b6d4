"""A lesson's page: reading it, marking it complete, saving a reflection."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roots.permissions import permission_required

from .. import permissions, selectors, services
from ..forms import ReflectionForm
from .common import is_htmx, is_preview, refuse_not_enrolled


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
    }
    context.update(extra)
    return context


@permission_required(permissions.can_view_lesson, load=permissions.load_lesson)
def lesson_detail(request, lesson):
    progress = selectors.course_progress(request.user, lesson.unit.course)
    refused = refuse_not_enrolled(request, progress)
    if refused:
        return refused
    reflection = selectors.reflection_for(user=request.user, lesson=lesson)
    form = ReflectionForm(initial={"text": reflection.text if reflection else ""})
    return render(
        request,
        "courses/lesson_detail.html",
        _lesson_context(request, lesson, progress, reflection=reflection, form=form),
    )


@require_POST
@permission_required(permissions.can_view_lesson, load=permissions.load_lesson)
def lesson_complete(request, lesson):
    try:
        _completion, created = services.lesson_complete(user=request.user, lesson=lesson)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(lesson.unit.course)
    progress = selectors.course_progress(request.user, lesson.unit.course)
    if is_htmx(request):
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
