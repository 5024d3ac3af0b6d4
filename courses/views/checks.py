"""A unit's knowledge check: taking it, and reading back an attempt."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roots.permissions import permission_required

from .. import permissions, selectors, services
from ..forms import CheckForm
from .common import is_preview, refuse_not_enrolled


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
@permission_required(permissions.can_take_check, load=permissions.load_unit)
def check_take(request, unit):
    course = unit.course
    progress = selectors.course_progress(request.user, course)
    refused = refuse_not_enrolled(request, progress)
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
            if not progress.is_enrolled or is_preview(request):
                # Staff previewing: graded and shown, not recorded.
                grade = services.check_grade(unit=unit, answers=form.answers(), questions=questions)
                preview_results = [_explained(r.question, r.chosen_ids) for r in grade.results]
            else:
                try:
                    attempt, created = services.check_attempt_submit(
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
                    if (
                        created
                        and attempt.passed
                        and selectors.completes_course(
                            user=request.user, course=course, at=attempt.submitted_at
                        )
                    ):
                        # The step that finished the course: the learner sees what comes next.
                        return redirect("courses:finished", slug=course.slug)
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
            "preview": is_preview(request),
        },
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@permission_required(permissions.can_view_attempt, load=permissions.load_attempt)
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
