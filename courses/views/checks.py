"""A unit's knowledge check: taking it, and reading back an attempt. The check teaches without
giving its answers away: the right answers and the choices' explanations are shown only once the
learner passed it or used every attempt the course allows (`selectors.CheckStanding`); before
that a result says which questions were wrong, never which answer was right."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from roots.permissions import permission_required

from .. import permissions, selectors, services
from ..forms import CheckForm
from .common import is_preview, refuse_not_enrolled


def _explained(question, chosen_ids, *, reveal: bool) -> dict:
    """A question as shown after submitting: whether it was answered right and, once the answers
    may be shown, each choice with whether it is correct and its explanation. Before that only
    the learner's own choices are listed, with nothing that tells the right one."""
    chosen = set(chosen_ids)
    choices = list(question.choices.all())
    shown = choices if reveal else [choice for choice in choices if choice.pk in chosen]
    return {
        "question": question,
        "correct": chosen == {choice.pk for choice in choices if choice.is_correct},
        "choices": [{"choice": choice, "chosen": choice.pk in chosen} for choice in shown],
    }


def _no_attempts_left(request, unit):
    count = unit.course.check_attempts
    messages.error(
        request,
        ngettext(
            "You have used your %(count)d attempt at this knowledge check; it takes no more "
            "answers.",
            "You have used all %(count)d attempts at this knowledge check; it takes no more "
            "answers.",
            count,
        )
        % {"count": count},
    )
    return redirect(unit.get_check_url())


def _submitted_message(request, attempt, standing, unit) -> None:
    if attempt.passed:
        messages.success(
            request,
            _("You scored %(score)d%% and passed this unit's knowledge check.")
            % {"score": attempt.score},
        )
    elif standing.attempts_left:
        messages.warning(
            request,
            ngettext(
                "You scored %(score)d%%; %(mark)d%% passes. The questions to look at again are "
                "marked below; you have %(left)d attempt left.",
                "You scored %(score)d%%; %(mark)d%% passes. The questions to look at again are "
                "marked below; you have %(left)d attempts left.",
                standing.attempts_left,
            )
            % {"score": attempt.score, "mark": unit.pass_mark, "left": standing.attempts_left},
        )
    else:
        messages.warning(
            request,
            _(
                "You scored %(score)d%%; %(mark)d%% passes. You have used every attempt: the "
                "right answers and their explanations are below."
            )
            % {"score": attempt.score, "mark": unit.pass_mark},
        )


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
    # Staff previewing (or looking without an enrolment) are graded and shown, not recorded.
    recording = progress.is_enrolled and not is_preview(request)
    standing = selectors.check_standing(user=request.user, unit=unit) if recording else None
    form = CheckForm(request.POST or None, questions=questions)
    grade = None
    preview_results = []
    if request.method == "POST":
        if form.is_valid():
            if not recording:
                grade = services.check_grade(unit=unit, answers=form.answers(), questions=questions)
                preview_results = [
                    _explained(r.question, r.chosen_ids, reveal=True) for r in grade.results
                ]
            else:
                try:
                    attempt, created = services.check_attempt_submit(
                        user=request.user,
                        unit=unit,
                        answers=form.answers(),
                        submission_key=form.cleaned_data["submission_key"],
                    )
                except ValidationError as error:
                    if error.code == "no_attempts_left":
                        return _no_attempts_left(request, unit)
                    messages.error(request, error.messages[0])
                else:
                    standing = selectors.check_standing(user=request.user, unit=unit)
                    _submitted_message(request, attempt, standing, unit)
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
        elif standing is not None and standing.attempts_left == 0:
            return _no_attempts_left(request, unit)
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
            "standing": standing,
            "offer_form": standing is None or standing.attempts_left > 0,
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
    standing = selectors.check_standing(user=request.user, unit=unit)
    answers = {int(key): value for key, value in attempt.answers.items()}
    results = [
        _explained(question, answers.get(question.pk, []), reveal=standing.answers_shown)
        for question in questions
    ]
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
            "standing": standing,
            "progress": progress,
            "unit_progress": progress.unit_progress(unit.pk),
            "next_step": next_step,
            "retry_url": reverse("courses:check", args=[unit.course.slug, unit.number]),
        },
    )
