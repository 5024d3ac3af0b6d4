"""Course pages: catalogue, course, unit, lesson (mark complete, reflection), knowledge check."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roots.pagecache import cache_anonymous_page, cache_personal_page
from roots.permissions import has_verified_email, permission_required

from . import permissions, selectors, services
from .forms import CheckForm, ReflectionForm
from .models import CheckAttempt, Course


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _preview(request) -> bool:
    return permissions.can_preview(request.user) and request.GET.get("preview") == "1"


def load_course(request, slug):
    return get_object_or_404(Course, slug=slug)


def load_unit(request, slug, number):
    unit = selectors.unit_for_page(course_slug=slug, number=number)
    if unit is None:
        raise Http404
    return unit


def load_lesson(request, slug, number, lesson_slug):
    lesson = selectors.lesson_for_page(course_slug=slug, number=number, lesson_slug=lesson_slug)
    if lesson is None:
        raise Http404
    return lesson


def load_attempt(request, slug, number, attempt_id):
    return get_object_or_404(
        CheckAttempt.objects.select_related("unit__course"),
        pk=attempt_id,
        unit__course__slug=slug,
        unit__number=number,
    )


def _refuse_not_enrolled(request, progress):
    """Lessons and checks need an enrolment; staff may look without one. Returns a redirect
    for a learner who is not enrolled, else None."""
    if progress.is_enrolled or permissions.can_preview(request.user):
        return None
    if has_verified_email(request.user):
        messages.info(request, _("Enrol in the course to open its lessons."))
    else:
        messages.warning(
            request, _("Verify your e-mail address, then enrol in the course to open its lessons.")
        )
    return redirect(progress.course)


@cache_anonymous_page("catalogue")
def catalogue(request):
    include_drafts = permissions.can_preview(request.user) and not _preview(request)
    courses = selectors.course_catalogue(include_drafts=include_drafts)
    page = Paginator(courses, 20).get_page(request.GET.get("page"))
    progress = {p.course.pk: p for p in selectors.courses_progress(request.user, page)}
    return render(
        request,
        "courses/course_list.html",
        {
            "page_obj": page,
            "rows": [(course, progress[course.pk]) for course in page],
            "preview": _preview(request),
        },
    )


@permission_required(permissions.can_view_course, load=load_course)
def course_detail(request, course):
    progress = selectors.course_progress(request.user, course)
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "progress": progress,
            "email_verified": has_verified_email(request.user),
            "preview": _preview(request),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(permissions.can_open_lessons, load=load_course)
def course_enroll(request, course):
    if request.method == "GET":
        # Where sign-in brings an anonymous visitor back to: the course page, to enrol there.
        return redirect(course)
    try:
        _enrollment, created = services.enrollment_create(user=request.user, course=course)
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


@permission_required(permissions.can_view_unit, load=load_unit)
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
            "preview": _preview(request),
        },
    )


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
        "preview": _preview(request),
        "can_record": progress.is_enrolled and not _preview(request),
    }
    context.update(extra)
    return context


@cache_personal_page("catalogue")
@permission_required(permissions.can_view_lesson, load=load_lesson)
def lesson_detail(request, lesson):
    progress = selectors.course_progress(request.user, lesson.unit.course)
    refused = _refuse_not_enrolled(request, progress)
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
@permission_required(permissions.can_view_lesson, load=load_lesson)
def lesson_complete(request, lesson):
    try:
        _completion, created = services.lesson_complete(user=request.user, lesson=lesson)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(lesson.unit.course)
    progress = selectors.course_progress(request.user, lesson.unit.course)
    if _is_htmx(request):
        return render(
            request,
            "courses/lesson_detail.html#completion",
            _lesson_context(request, lesson, progress, just_completed=True),
        )
    if created:
        messages.success(request, _("Lesson marked complete."))
    return redirect(lesson)


@require_POST
@permission_required(permissions.can_view_lesson, load=load_lesson)
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
    if _is_htmx(request):
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


def _explained(question, chosen_ids) -> dict:
    """A question as shown after submitting: each choice, whether it was chosen, its feedback."""
    chosen = set(chosen_ids)
    choices = list(question.choices.all())
    return {
        "question": question,
        "correct": chosen == {choice.pk for choice in choices if choice.is_correct},
        "choices": [{"choice": choice, "chosen": choice.pk in chosen} for choice in choices],
    }


@require_http_methods(["GET", "POST"])
@permission_required(permissions.can_take_check, load=load_unit)
def check_take(request, unit):
    course = unit.course
    progress = selectors.course_progress(request.user, course)
    refused = _refuse_not_enrolled(request, progress)
    if refused:
        return refused
    questions = selectors.check_questions(unit)
    if not questions:
        raise Http404
    form = CheckForm(request.POST or None, questions=questions)
    grade = None
    preview_results = []
    if request.method == "POST":
        if form.is_valid():
            if not progress.is_enrolled or _preview(request):
                # Staff previewing: graded and shown, not recorded.
                grade = services.check_grade(unit=unit, answers=form.answers(), questions=questions)
                preview_results = [_explained(r.question, r.chosen_ids) for r in grade.results]
            else:
                try:
                    attempt, _created = services.check_attempt_submit(
                        user=request.user,
                        unit=unit,
                        answers=form.answers(),
                        submission_key=form.cleaned_data["submission_key"],
                    )
                except ValidationError as error:
                    messages.error(request, error.messages[0])
                else:
                    if attempt.passed:
                        messages.success(
                            request,
                            _("You scored %(score)d%% and passed this unit's knowledge check.")
                            % {"score": attempt.score},
                        )
                    else:
                        messages.warning(
                            request,
                            _(
                                "You scored %(score)d%%; %(mark)d%% passes. Read the "
                                "explanations below, then try again."
                            )
                            % {"score": attempt.score, "mark": unit.pass_mark},
                        )
                    return redirect(
                        "courses:attempt",
                        slug=course.slug,
                        number=unit.number,
                        attempt_id=attempt.pk,
                    )
        else:
            messages.error(request, _("Answer every question, then submit again."))
    previous_step, next_step = progress.neighbours(unit=unit, lesson=None)
    return render(
        request,
        "courses/check_form.html",
        {
            "course": course,
            "unit": unit,
            "progress": progress,
            "unit_progress": progress.unit_progress(unit.pk),
            "form": form,
            "grade": grade,
            "preview_results": preview_results,
            "attempts": selectors.check_attempts(user=request.user, unit=unit)[:10],
            "previous_step": previous_step,
            "next_step": next_step,
            "preview": _preview(request),
        },
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@permission_required(permissions.can_view_attempt, load=load_attempt)
def attempt_detail(request, attempt):
    unit = attempt.unit
    questions = selectors.check_questions(unit)
    answers = {int(key): value for key, value in attempt.answers.items()}
    results = [_explained(question, answers.get(question.pk, [])) for question in questions]
    progress = selectors.course_progress(request.user, unit.course)
    _previous, next_step = progress.neighbours(unit=unit, lesson=None)
    return render(
        request,
        "courses/attempt_detail.html",
        {
            "course": unit.course,
            "unit": unit,
            "attempt": attempt,
            "results": results,
            "progress": progress,
            "unit_progress": progress.unit_progress(unit.pk),
            "next_step": next_step,
            "retry_url": reverse("courses:check", args=[unit.course.slug, unit.number]),
        },
    )
